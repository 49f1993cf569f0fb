using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Watch;
using Porch.Krm;

namespace Porch.Engine.Repositories;

/// <summary>
/// The default <see cref="IReferenceResolver"/>: a thread-safe in-memory set of Repository objects that the host
/// registers and unregisters. Like a Kubernetes store it assigns every change a resourceVersion from one counter
/// (adding or replacing an object, writing its status, removing it) and publishes the change, in that order, to an
/// <see cref="IRepositoryChangeNotifier"/> when one is registered (the watch package's).
/// </summary>
public sealed class RepositoryRegistry : IReferenceResolver
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(string Namespace, string Name), Repository> _repositories = new();
    private readonly IRepositoryChangeNotifier? _notifier;
    private long _version;

    /// <summary>Initializes a new instance of the <see cref="RepositoryRegistry"/> class.</summary>
    /// <param name="notifier">Receives every change (null: nobody listens).</param>
    public RepositoryRegistry(IRepositoryChangeNotifier? notifier = null)
    {
        _notifier = notifier;
    }

    /// <summary>Gets the resourceVersion of the latest change (0 before the first); a list read now is consistent with it.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Adds or replaces a repository.</summary>
    /// <param name="repository">The Repository object; its namespace and name are required and the name must be a DNS-1123 label.</param>
    /// <exception cref="PackageValidationException">The namespace or name is missing or invalid.</exception>
    public void AddOrUpdate(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var ns = repository.Metadata.Namespace;
        var name = repository.Metadata.Name;
        if (string.IsNullOrEmpty(ns))
        {
            throw new PackageValidationException("namespace must be specified", PorchErrorCode.BadRequest);
        }

        if (string.IsNullOrEmpty(name) || !KubernetesNames.IsDns1123Label(name))
        {
            throw new PackageValidationException(
                new QualifiedName(PorchApi.ConfigGroup, "Repository", name ?? ""),
                [FieldError.Invalid("metadata.name", name ?? "", "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character")]);
        }

        lock (_lock)
        {
            var found = _repositories.TryGetValue((ns, name), out var previous);
            if (found && ReferenceEquals(previous, repository))
            {
                // The registered instance handed back (a host's source following the API): nothing changed.
                return;
            }

            _repositories[(ns, name)] = repository;
            Publish(found ? PackageRevisionChangeType.Modified : PackageRevisionChangeType.Added, repository);
        }
    }

    /// <summary>
    /// Records that the status of the registered <paramref name="repository"/> was written in place (a sync's
    /// conditions and counters): it gets a new resourceVersion and watchers a Modified event. An instance that is not
    /// (or no longer) registered is ignored.
    /// </summary>
    /// <param name="repository">The registered Repository object.</param>
    /// <returns>True when it was registered.</returns>
    public bool StatusChanged(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        lock (_lock)
        {
            if (!_repositories.TryGetValue((repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? ""), out var current) || !ReferenceEquals(current, repository))
            {
                return false;
            }

            Publish(PackageRevisionChangeType.Modified, repository);
            return true;
        }
    }

    /// <summary>Assigns the next resourceVersion and publishes the change; the caller holds the lock.</summary>
    private void Publish(PackageRevisionChangeType type, Repository repository)
    {
        _version++;
        repository.Metadata.ResourceVersion = _version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _notifier?.NotifyRepositoryChange(type, repository, _version);
    }

    /// <summary>Removes a repository.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>True when it was registered.</returns>
    public bool Remove(string @namespace, string name)
    {
        lock (_lock)
        {
            if (!_repositories.Remove((@namespace, name), out var removed))
            {
                return false;
            }

            Publish(PackageRevisionChangeType.Deleted, removed);
            return true;
        }
    }

    /// <inheritdoc/>
    public ValueTask<Repository?> GetRepositoryAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_repositories.GetValueOrDefault((@namespace, name)));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Repository>> ListRepositoriesAsync(string? @namespace, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Repository> list = _repositories
                .Where(e => @namespace is null || e.Key.Namespace == @namespace)
                .Select(e => e.Value)
                .ToArray();
            return ValueTask.FromResult(list);
        }
    }
}
