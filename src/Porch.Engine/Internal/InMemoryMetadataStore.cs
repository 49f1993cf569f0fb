using System.Collections.Concurrent;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Engine.Internal;

/// <summary>The default metadata store: process memory (Porch.Cache brings durable ones).</summary>
internal sealed class InMemoryMetadataStore : IPackageRevisionMetadataStore
{
    private readonly ConcurrentDictionary<(string, string), ObjectMeta> _items = new();

    public ValueTask<ObjectMeta?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryGetValue((@namespace, name), out var meta) ? ObjectMetaCopy.Clone(meta) : null);

    public ValueTask SetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _items[(@namespace, name)] = ObjectMetaCopy.Clone(metadata);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryRemove((@namespace, name), out _));
}
