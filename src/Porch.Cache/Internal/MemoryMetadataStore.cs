using System.Collections.Concurrent;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>
/// The memory cache's metadata store (Porch's PackageRev objects, in process memory), with label lookups that copy
/// nothing and an index of the revisions that carry labels, per namespace, for label-selector lists.
/// </summary>
internal sealed class MemoryMetadataStore : IPackageRevisionMetadataStore
{
    private readonly ConcurrentDictionary<(string, string), ObjectMeta> _items = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Dictionary<string, string>>> _labelled = new(StringComparer.Ordinal);

    public ValueTask<ObjectMeta?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryGetValue((@namespace, name), out var meta) ? MetadataJson.Clone(meta) : null);

    public ValueTask SetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var copy = MetadataJson.Clone(metadata);
        _items[(@namespace, name)] = copy;
        var labelled = _labelled.GetOrAdd(@namespace, static _ => new ConcurrentDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal));
        if (copy.Labels.Count > 0)
        {
            labelled[name] = copy.Labels;
        }
        else
        {
            labelled.TryRemove(name, out _);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        if (_labelled.TryGetValue(@namespace, out var labelled))
        {
            labelled.TryRemove(name, out _);
        }

        return ValueTask.FromResult(_items.TryRemove((@namespace, name), out _));
    }

    /// <summary>The stored labels (not a copy: callers only read), or null.</summary>
    public IReadOnlyDictionary<string, string>? FindLabels(string @namespace, string name) =>
        _items.TryGetValue((@namespace, name), out var meta) ? meta.Labels : null;

    /// <summary>The revisions in <paramref name="namespace"/> whose stored metadata has labels, with those labels (read-only; enumerated without locks or copies).</summary>
    public IEnumerable<KeyValuePair<string, Dictionary<string, string>>> Labelled(string @namespace) =>
        _labelled.TryGetValue(@namespace, out var labelled) ? labelled : [];
}
