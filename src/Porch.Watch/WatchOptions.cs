using System.ComponentModel.DataAnnotations;

namespace Porch.Watch;

/// <summary>Options of the watcher manager registered by <c>WithWatch()</c>.</summary>
public sealed class WatchOptions
{
    /// <summary>Gets or sets how many recent events are kept so that a watcher can resume from its last version. Default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int EventLogCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets how many undelivered events one watcher may hold before it is dropped as too slow. Default 1,000.</summary>
    [Range(1, 1_000_000)]
    public int WatcherBufferCapacity { get; set; } = 1_000;
}
