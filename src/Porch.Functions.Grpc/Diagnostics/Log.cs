using Microsoft.Extensions.Logging;

namespace Porch.Functions.Grpc.Diagnostics;

/// <summary>Log messages of the gRPC function runtime (event ids 5000–5099; the host package uses 5100–5199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, EventName = "GrpcCallCompleted", Level = LogLevel.Debug,
        Message = "Function {Image} was evaluated by the function runner in {ElapsedMilliseconds} ms")]
    public static partial void GrpcCallCompleted(this ILogger logger, string image, long elapsedMilliseconds);

    [LoggerMessage(EventId = 5001, EventName = "GrpcCallRetrying", Level = LogLevel.Warning,
        Message = "Function runner {Address} was unavailable for {Method}; the channel's retry policy makes attempt {Attempt} of {MaxAttempts}")]
    public static partial void GrpcCallRetrying(this ILogger logger, string method, string address, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 5002, EventName = "GrpcCallFailed", Level = LogLevel.Information,
        Message = "Function {Image} failed in the function runner with status {StatusCode}")]
    public static partial void GrpcCallFailed(this ILogger logger, string image, string statusCode);

    [LoggerMessage(EventId = 5003, EventName = "GrpcFunctionLog", Level = LogLevel.Debug,
        Message = "Function {Image} wrote {Length} bytes to stderr: {Log}")]
    public static partial void GrpcFunctionLog(this ILogger logger, string image, int length, string log);
}
