using System.Collections.Concurrent;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>The memory cache's metadata store (Porch's PackageRev objects, in process memory); label lookups without copies.</summary>
internal sealed class MemoryMetadataStore : IPackageRevisionMetadataStore
{
    private readonly ConcurrentDictionary<(string, string), ObjectMeta> _items = new();

    public ValueTask<ObjectMeta?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryGetValue((@namespace, name), out var meta) ? MetadataJson.Clone(meta) : null);

    public ValueTask SetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _items[(@namespace, name)] = MetadataJson.Clone(metadata);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryRemove((@namespace, name), out _));

    /// <summary>The stored labels (not a copy: callers only read), or null.</summary>
    public IReadOnlyDictionary<string, string>? FindLabels(string @namespace, string name) =>
        _items.TryGetValue((@namespace, name), out var meta) ? meta.Labels : null;
}
