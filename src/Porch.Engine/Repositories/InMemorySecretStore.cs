using System.Collections.Concurrent;

namespace Porch.Engine.Repositories;

/// <summary>The default <see cref="ISecretStore"/>: process memory, gone at exit.</summary>
internal sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), StoredSecret> _secrets = new();
    private readonly Lock _writes = new();

    public ValueTask<StoredSecret?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_secrets.TryGetValue((@namespace, name), out var secret) ? secret : null);

    public ValueTask<IReadOnlyList<StoredSecret>> ListAsync(string? @namespace, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<StoredSecret>>(_secrets.Values
            .Where(s => @namespace is null || s.Namespace == @namespace)
            .OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList());

    public ValueTask<bool> CreateAsync(StoredSecret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return ValueTask.FromResult(_secrets.TryAdd((secret.Namespace, secret.Name), secret));
    }

    public ValueTask<bool> UpdateAsync(StoredSecret secret, string expectedResourceVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        lock (_writes)
        {
            if (!_secrets.TryGetValue((secret.Namespace, secret.Name), out var current) || current.ResourceVersion != expectedResourceVersion)
            {
                return ValueTask.FromResult(false);
            }

            _secrets[(secret.Namespace, secret.Name)] = secret;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        lock (_writes)
        {
            return ValueTask.FromResult(_secrets.TryRemove((@namespace, name), out _));
        }
    }
}
