using Microsoft.Extensions.Logging;

namespace Porch.Functions.Grpc.Diagnostics;

/// <summary>Log messages of the gRPC function runtime and the function-runner host (event ids 5000–5999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, EventName = "GrpcCallCompleted", Level = LogLevel.Debug,
        Message = "Function {Image} was evaluated by the function runner in {ElapsedMilliseconds} ms")]
    public static partial void GrpcCallCompleted(this ILogger logger, string image, long elapsedMilliseconds);

    [LoggerMessage(EventId = 5001, EventName = "GrpcCallRetrying", Level = LogLevel.Warning,
        Message = "Function runner unavailable for {Image} (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMilliseconds} ms: {Detail}")]
    public static partial void GrpcCallRetrying(this ILogger logger, string image, int attempt, int maxAttempts, long delayMilliseconds, string detail);

    [LoggerMessage(EventId = 5002, EventName = "GrpcCallFailed", Level = LogLevel.Information,
        Message = "Function {Image} failed in the function runner with status {StatusCode}")]
    public static partial void GrpcCallFailed(this ILogger logger, string image, string statusCode);

    [LoggerMessage(EventId = 5003, EventName = "GrpcFunctionLog", Level = LogLevel.Debug,
        Message = "Function {Image} wrote {Length} bytes to stderr: {Log}")]
    public static partial void GrpcFunctionLog(this ILogger logger, string image, int length, string log);

    [LoggerMessage(EventId = 5100, EventName = "EvaluationCompleted", Level = LogLevel.Debug,
        Message = "Evaluated function {Image} for a remote caller in {ElapsedMilliseconds} ms")]
    public static partial void EvaluationCompleted(this ILogger logger, string image, long elapsedMilliseconds);

    [LoggerMessage(EventId = 5101, EventName = "EvaluationFailed", Level = LogLevel.Information,
        Message = "Evaluation of function {Image} ended with status {StatusCode}: {Detail}")]
    public static partial void EvaluationFailed(this ILogger logger, string image, string statusCode, string detail);

    [LoggerMessage(EventId = 5102, EventName = "EvaluationThrew", Level = LogLevel.Warning,
        Message = "Function {Image} threw while evaluated for a remote caller")]
    public static partial void EvaluationThrew(this ILogger logger, string image, Exception exception);

    [LoggerMessage(EventId = 5103, EventName = "ExecFunctionStarting", Level = LogLevel.Debug,
        Message = "Running executable {Path} for function {Image}")]
    public static partial void ExecFunctionStarting(this ILogger logger, string image, string path);

    [LoggerMessage(EventId = 5104, EventName = "ExecFunctionKilled", Level = LogLevel.Warning,
        Message = "Killed executable {Path} of function {Image}: {Reason}")]
    public static partial void ExecFunctionKilled(this ILogger logger, string image, string path, string reason);

    [LoggerMessage(EventId = 5105, EventName = "RequestRejected", Level = LogLevel.Information,
        Message = "Rejected a function evaluator request with status {StatusCode}: {Detail}")]
    public static partial void RequestRejected(this ILogger logger, string statusCode, string detail);

    [LoggerMessage(EventId = 5106, EventName = "HandlerThrew", Level = LogLevel.Error,
        Message = "The gRPC handler of {Method} threw; the caller gets UNKNOWN")]
    public static partial void HandlerThrew(this ILogger logger, string method, Exception exception);
}
