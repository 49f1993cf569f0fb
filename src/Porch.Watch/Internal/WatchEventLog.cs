using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Watch.Internal;

/// <summary>
/// The recent changes a watcher can resume from, bounded by event count and by bytes. Each change is kept as the
/// UTF-8 JSON of the object at that version (the API's own wire form, <see cref="PorchJsonContext"/>), not as the
/// live object graph: the bytes are what the accounting measures, they are a few times smaller than the .NET object
/// graph, and they keep the object as it was at that version even if the caller later changes its instance (re-reading
/// the current object from the cache on resume would replay the wrong state). Not thread-safe: the hub holds its
/// lock around every call.
/// </summary>
/// <typeparam name="T">The watched kind (package revisions, repositories).</typeparam>
internal sealed class WatchEventLog<T>
    where T : class
{
    /// <summary>Bytes charged per entry on top of its JSON: the entry, its array and its queue slot.</summary>
    internal const int EntryOverheadBytes = 64;

    private readonly Queue<Entry> _entries = new();
    private readonly int _maxCount;
    private readonly long _maxBytes;
    private readonly JsonTypeInfo<T> _type;

    public WatchEventLog(int maxCount, long maxBytes, JsonTypeInfo<T> type)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxCount = maxCount;
        _maxBytes = maxBytes;
        _type = type;
    }

    /// <summary>Gets the number of events kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets the bytes charged for the events kept; never more than the byte bound.</summary>
    public long Bytes { get; private set; }

    /// <summary>Appends the change at <paramref name="version"/> (more than the last) and drops the oldest beyond either bound.</summary>
    public void Append(PackageRevisionChangeType type, T item, long version)
    {
        var entry = new Entry(type, version, JsonSerializer.SerializeToUtf8Bytes(item, _type));
        _entries.Enqueue(entry);
        Bytes += entry.Size;
        while (_entries.Count > _maxCount || Bytes > _maxBytes)
        {
            Bytes -= _entries.Dequeue().Size;
        }
    }

    /// <summary>Gets the version of the oldest kept event, or null when none is kept.</summary>
    public long? OldestVersion => _entries.TryPeek(out var first) ? first.Version : null;

    /// <summary>The kept events after <paramref name="afterVersion"/>, oldest first, each object read back from its bytes.</summary>
    public IEnumerable<WatchHubEvent<T>> After(long afterVersion)
    {
        foreach (var entry in _entries)
        {
            if (entry.Version > afterVersion)
            {
                var item = JsonSerializer.Deserialize(entry.Json, _type)
                    ?? throw new InvalidOperationException("the watch event log held a null object");
                yield return new WatchHubEvent<T>(entry.Type, item, entry.Version);
            }
        }
    }

    private sealed record Entry(PackageRevisionChangeType Type, long Version, byte[] Json)
    {
        public long Size => Json.Length + EntryOverheadBytes;
    }
}

/// <summary>One change of a watched object, at its version in the hub's stream.</summary>
internal sealed record WatchHubEvent<T>(PackageRevisionChangeType Type, T Object, long Version);
