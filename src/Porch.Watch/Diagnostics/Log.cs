using Microsoft.Extensions.Logging;

namespace Porch.Watch.Diagnostics;

/// <summary>The watch package's log messages (event ids 6000-6999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, EventName = "WatcherDropped", Level = LogLevel.Warning,
        Message = "{Count} watcher(s) fell more than {Capacity} events behind and were closed with a too-old error")]
    public static partial void WatcherDropped(this ILogger logger, int count, int capacity);
}
