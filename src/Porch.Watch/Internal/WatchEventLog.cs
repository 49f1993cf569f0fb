using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Watch.Internal;

/// <summary>
/// The recent changes a watcher can resume from, bounded by event count and by bytes. Each change is kept as the
/// UTF-8 JSON of the object at that version (the API's own wire form, <see cref="PorchJsonContext"/>), not as the
/// live object graph: the bytes are what the accounting measures, they are a few times smaller than the .NET object
/// graph, and they keep the object as it was at that version even if the caller later changes its instance (re-reading
/// the current object from the cache on resume would replay the wrong state). Not thread-safe: the manager holds its
/// lock around every call.
/// </summary>
internal sealed class WatchEventLog
{
    /// <summary>Bytes charged per entry on top of its JSON: the entry, its array and its queue slot.</summary>
    internal const int EntryOverheadBytes = 64;

    private readonly Queue<Entry> _entries = new();
    private readonly int _maxCount;
    private readonly long _maxBytes;

    public WatchEventLog(int maxCount, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxCount = maxCount;
        _maxBytes = maxBytes;
    }

    /// <summary>Gets the number of events kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets the bytes charged for the events kept; never more than the byte bound.</summary>
    public long Bytes { get; private set; }

    /// <summary>Appends the change at <paramref name="version"/> (one more than the last) and drops the oldest beyond either bound.</summary>
    public void Append(PackageRevisionChangeType type, PackageRevision packageRevision, long version)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(packageRevision, PorchJsonContext.Default.PackageRevision);
        var entry = new Entry(type, version, json);
        _entries.Enqueue(entry);
        Bytes += entry.Size;
        while (_entries.Count > _maxCount || Bytes > _maxBytes)
        {
            Bytes -= _entries.Dequeue().Size;
        }
    }

    /// <summary>The kept events after <paramref name="afterVersion"/>, oldest first, each object read back from its bytes.</summary>
    public IEnumerable<WatchEvent> After(long afterVersion)
    {
        foreach (var entry in _entries)
        {
            if (entry.Version > afterVersion)
            {
                var revision = JsonSerializer.Deserialize(entry.Json, PorchJsonContext.Default.PackageRevision)
                    ?? throw new InvalidOperationException("the watch event log held a null object");
                yield return new WatchEvent(entry.Type, revision, entry.Version);
            }
        }
    }

    private sealed record Entry(PackageRevisionChangeType Type, long Version, byte[] Json)
    {
        public long Size => Json.Length + EntryOverheadBytes;
    }
}
