using Microsoft.Extensions.Logging;

namespace Porch.Cache.Diagnostics;

/// <summary>The cache package's log messages (event ids 2000-2999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "RepositoryOpened", Level = LogLevel.Information,
        Message = "Opened repository {Namespace}/{Name} in the {Storage} cache with {Count} package revision(s)")]
    public static partial void RepositoryOpened(this ILogger logger, string @namespace, string name, string storage, int count);

    [LoggerMessage(EventId = 2002, EventName = "RepositoryClosed", Level = LogLevel.Information,
        Message = "Closed repository {Namespace}/{Name}")]
    public static partial void RepositoryClosed(this ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 2003, EventName = "SyncCompleted", Level = LogLevel.Debug,
        Message = "Synced repository {Namespace}/{Name}: {Added} added, {Modified} modified, {Deleted} deleted")]
    public static partial void SyncCompleted(this ILogger logger, string @namespace, string name, int added, int modified, int deleted);

    [LoggerMessage(EventId = 2004, EventName = "SyncFailed", Level = LogLevel.Warning,
        Message = "Sync of repository {Namespace}/{Name} failed")]
    public static partial void SyncFailed(this ILogger logger, string @namespace, string name, Exception exception);

    [LoggerMessage(EventId = 2005, EventName = "InvalidSchedule", Level = LogLevel.Warning,
        Message = "Repository {Namespace}/{Name} has an invalid sync schedule {Schedule}; syncing every {Frequency} instead")]
    public static partial void InvalidSchedule(this ILogger logger, string @namespace, string name, string schedule, TimeSpan frequency);

    [LoggerMessage(EventId = 2006, EventName = "RepositoryApplyFailed", Level = LogLevel.Warning,
        Message = "Could not open repository {Namespace}/{Name} (attempt {Attempt}); retrying in {Delay}")]
    public static partial void RepositoryApplyFailed(this ILogger logger, string @namespace, string name, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 2007, EventName = "CacheReady", Level = LogLevel.Information,
        Message = "Package cache is warm: {Count} repository(ies) of the initial set handled")]
    public static partial void CacheReady(this ILogger logger, int count);

    [LoggerMessage(EventId = 2008, EventName = "SchemaMigrated", Level = LogLevel.Information,
        Message = "Applied cache schema migration {Version}: {Description}")]
    public static partial void SchemaMigrated(this ILogger logger, int version, string description);

    [LoggerMessage(EventId = 2009, EventName = "RepositoryFileInvalid", Level = LogLevel.Warning,
        Message = "Ignoring repository file {Path}")]
    public static partial void RepositoryFileInvalid(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2010, EventName = "RepositorySourceFailed", Level = LogLevel.Error,
        Message = "The repository source failed; watching it again in {Delay}")]
    public static partial void RepositorySourceFailed(this ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 2011, EventName = "NotifyFailed", Level = LogLevel.Warning,
        Message = "Could not build the change event of {Name} for watchers")]
    public static partial void NotifyFailed(this ILogger logger, string name, Exception exception);
}
