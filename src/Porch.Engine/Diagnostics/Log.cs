using Microsoft.Extensions.Logging;

namespace Porch.Engine.Diagnostics;

/// <summary>The engine's log messages (event ids 1000-1999).</summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string, string, IDisposable?> RenderScopeDefinition =
        LoggerMessage.DefineScope<string, string>("Rendering package revision {Namespace}/{Name}");

    /// <summary>A scope naming the package revision being rendered (the renderer's own entries carry it).</summary>
    public static IDisposable? RenderScope(this ILogger logger, string @namespace, string name) => RenderScopeDefinition(logger, @namespace, name);

    [LoggerMessage(EventId = 1001, EventName = "RepositoryListFailed", Level = LogLevel.Warning,
        Message = "Listing repository {Namespace}/{Repository} failed; it is left out of the result")]
    public static partial void RepositoryListFailed(this ILogger logger, string @namespace, string repository, Exception exception);

    [LoggerMessage(EventId = 1002, EventName = "CompensationFailed", Level = LogLevel.Error,
        Message = "Restoring the metadata of package revision {Namespace}/{Name} after a failed repository change failed; its stored metadata may not match the repository")]
    public static partial void CompensationFailed(this ILogger logger, string @namespace, string name, Exception exception);

    [LoggerMessage(EventId = 1003, EventName = "PackageRevisionCreated", Level = LogLevel.Information,
        Message = "Created package revision {Namespace}/{Name}")]
    public static partial void PackageRevisionCreated(this ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1004, EventName = "PackageRevisionUpdated", Level = LogLevel.Information,
        Message = "Updated package revision {Namespace}/{Name} to lifecycle {Lifecycle}")]
    public static partial void PackageRevisionUpdated(this ILogger logger, string @namespace, string name, string lifecycle);

    [LoggerMessage(EventId = 1005, EventName = "PackageRevisionDeleted", Level = LogLevel.Information,
        Message = "Deleted package revision {Namespace}/{Name}")]
    public static partial void PackageRevisionDeleted(this ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1007, EventName = "MergeKeysFailed", Level = LogLevel.Information,
        Message = "Failed to add merge key comments to package {Package}: {Error}")]
    public static partial void MergeKeysFailed(this ILogger logger, string package, string error);

    [LoggerMessage(EventId = 1008, EventName = "ChangeNotified", Level = LogLevel.Debug,
        Message = "Notified {Count} watcher(s) of {ChangeType} {Namespace}/{Name}")]
    public static partial void ChangeNotified(this ILogger logger, string changeType, string @namespace, string name, int count);
}
