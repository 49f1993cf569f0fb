using Microsoft.Extensions.Logging;

namespace Porch.Functions.Builtin.Diagnostics;

/// <summary>Log messages of the builtin function runtime (event ids 4000–4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "BuiltinFunctionResolved", Level = LogLevel.Debug,
        Message = "Image {Image} is served by the builtin function {Function}")]
    public static partial void BuiltinFunctionResolved(this ILogger logger, string image, string function);

    [LoggerMessage(EventId = 4001, EventName = "BuiltinFunctionCompleted", Level = LogLevel.Debug,
        Message = "Builtin function {Function} ran on {ItemCount} resource(s) with {ResultCount} result(s)")]
    public static partial void BuiltinFunctionCompleted(this ILogger logger, string function, int itemCount, int resultCount);

    [LoggerMessage(EventId = 4002, EventName = "BuiltinFunctionFailed", Level = LogLevel.Information,
        Message = "Builtin function {Function} failed with {ResultCount} result(s)")]
    public static partial void BuiltinFunctionFailed(this ILogger logger, string function, int resultCount);

    [LoggerMessage(EventId = 4003, EventName = "BuiltinFunctionThrew", Level = LogLevel.Warning,
        Message = "Builtin function {Function} threw; the failure is reported as its result")]
    public static partial void BuiltinFunctionThrew(this ILogger logger, string function, Exception exception);

    [LoggerMessage(EventId = 4004, EventName = "StarlarkProgramFailed", Level = LogLevel.Information,
        Message = "Starlark program {Program} stopped with a {ErrorKind} error at {Position}")]
    public static partial void StarlarkProgramFailed(this ILogger logger, string program, string errorKind, string position);
}
