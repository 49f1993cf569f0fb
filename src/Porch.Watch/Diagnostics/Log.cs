using Microsoft.Extensions.Logging;

namespace Porch.Watch.Diagnostics;

/// <summary>The watch package's log messages (event ids 6000-6999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, EventName = "WatcherDropped", Level = LogLevel.Warning,
        Message = "{Count} watcher(s) fell more than {Capacity} events behind and were closed with a too-old error")]
    public static partial void WatcherDropped(this ILogger logger, int count, int capacity);

    [LoggerMessage(EventId = 6002, EventName = "FeedReadFailed", Level = LogLevel.Warning,
        Message = "Reading the shared change feed failed; reading it again in 1 s (no change is lost: the feed keeps them)")]
    public static partial void FeedReadFailed(this ILogger logger, Exception exception);
}
