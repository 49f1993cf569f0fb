using Microsoft.Extensions.Logging;

namespace Porch.Krm.Rendering;

/// <summary>Log messages of the renderer (Porch.Engine event ids 1500–1519).</summary>
internal static partial class RenderLog
{
    [LoggerMessage(EventId = 1500, EventName = "RenderSkippedNoKptfile", Level = LogLevel.Warning,
        Message = "Render skipped: the package has no root Kptfile")]
    public static partial void RenderSkippedNoKptfile(this ILogger logger);

    [LoggerMessage(EventId = 1501, EventName = "RenderSucceeded", Level = LogLevel.Debug,
        Message = "Rendered {PackageCount} package(s) with {StepCount} function call(s)")]
    public static partial void RenderSucceeded(this ILogger logger, int packageCount, int stepCount);

    [LoggerMessage(EventId = 1502, EventName = "RenderFailed", Level = LogLevel.Information,
        Message = "Render failed: {Error}")]
    public static partial void RenderFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 1503, EventName = "FunctionStarting", Level = LogLevel.Debug,
        Message = "Running function {Image} on {ItemCount} resource(s) of package {Package}")]
    public static partial void FunctionStarting(this ILogger logger, string image, int itemCount, string package);

    [LoggerMessage(EventId = 1504, EventName = "FunctionFailed", Level = LogLevel.Debug,
        Message = "Function {Image} of package {Package} failed: {Error}")]
    public static partial void FunctionFailed(this ILogger logger, string image, string package, string error);

    [LoggerMessage(EventId = 1505, EventName = "RuntimeThrew", Level = LogLevel.Warning,
        Message = "Function runtime {Runtime} threw while resolving {Image}")]
    public static partial void RuntimeThrew(this ILogger logger, string runtime, string image, Exception exception);
}
