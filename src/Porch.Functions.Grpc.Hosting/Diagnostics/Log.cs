using Microsoft.Extensions.Logging;

namespace Porch.Functions.Grpc.Hosting.Diagnostics;

/// <summary>Log messages of the function-runner host (event ids 5100–5199; the client uses 5000–5099).</summary>
internal static partial class Log
{
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
}
