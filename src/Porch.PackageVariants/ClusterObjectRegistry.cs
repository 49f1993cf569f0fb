using Porch.Krm;

namespace Porch.PackageVariants;

/// <summary>
/// The default <see cref="IClusterObjectSource"/>: objects the host puts here (for example the ConfigMaps or custom
/// objects it serves). Changes raise <see cref="Changed"/>, which the controllers reconcile on.
/// </summary>
public sealed class ClusterObjectRegistry : IClusterObjectSource
{
    private readonly Dictionary<(string Namespace, string ApiVersion, string Kind, string Name), KubeObject> _objects = [];
    private readonly Lock _gate = new();

    /// <summary>Raised after an object was added, replaced or removed (its namespace).</summary>
    public event Action<string>? Changed;

    /// <summary>Adds or replaces an object (keyed by namespace, apiVersion, kind and name; namespace "default" when empty).</summary>
    /// <param name="obj">The object.</param>
    public void AddOrUpdate(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ns = string.IsNullOrEmpty(obj.Namespace) ? "default" : obj.Namespace;
        lock (_gate)
        {
            _objects[(ns, obj.ApiVersion, obj.Kind, obj.Name)] = obj.Clone();
        }

        Changed?.Invoke(ns);
    }

    /// <summary>Removes an object.</summary>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="apiVersion">Its apiVersion.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="name">Its name.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(string @namespace, string apiVersion, string kind, string name)
    {
        bool removed;
        lock (_gate)
        {
            removed = _objects.Remove((@namespace, apiVersion, kind, name));
        }

        if (removed)
        {
            Changed?.Invoke(@namespace);
        }

        return removed;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<KubeObject>> ListAsync(string @namespace, string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<KubeObject> items = [.. _objects.Where(p => p.Key.Namespace == @namespace && p.Key.ApiVersion == apiVersion && p.Key.Kind == kind)
                .OrderBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => p.Value.Clone())];
            return ValueTask.FromResult(items);
        }
    }
}
