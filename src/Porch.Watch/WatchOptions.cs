using System.ComponentModel.DataAnnotations;

namespace Porch.Watch;

/// <summary>Options of the watcher manager registered by <c>WithWatch()</c>.</summary>
public sealed class WatchOptions
{
    /// <summary>Gets or sets how many recent events are kept so that a watcher can resume from its last version. Default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int EventLogCapacity { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how many bytes the kept events may take, counted as each object's JSON plus a small fixed overhead.
    /// When either this or <see cref="EventLogCapacity"/> is reached the oldest events are dropped; resuming from a
    /// version older than the log reaches fails with <see cref="WatchExpiredException"/>. Default 64 MiB; 64 KiB to 16 GiB.
    /// </summary>
    [Range(65_536d, 17_179_869_184d)]
    public long EventLogMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how many undelivered events one watcher may hold before it is dropped as too slow. Default 1,000.</summary>
    [Range(1, 1_000_000)]
    public int WatcherBufferCapacity { get; set; } = 1_000;
}
