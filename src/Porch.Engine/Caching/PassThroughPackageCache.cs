using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Engine.Caching;

/// <summary>
/// The default cache: opens each repository once through the adapter registered for its type and keeps it open
/// until closed. It caches nothing else (Porch.Cache brings real caching and sync).
/// </summary>
internal sealed class PassThroughPackageCache : IPackageCache, IAsyncDisposable
{
    private readonly IRepositoryAdapter[] _adapters;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string, string), (Repository Spec, IRepository Repository)> _open = new();

    public PassThroughPackageCache(IEnumerable<IRepositoryAdapter> adapters)
    {
        _adapters = [.. adapters];
    }

    public async Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var key = (repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_open.TryGetValue(key, out var open))
            {
                if (SameSpec(open.Spec, repository))
                {
                    return open.Repository;
                }

                _open.Remove(key);
                await open.Repository.DisposeAsync().ConfigureAwait(false);
            }

            var type = repository.Spec.Type ?? RepositoryType.Git;
            var adapter = Array.Find(_adapters, a => a.CanOpen(repository));
            if (adapter is null)
            {
                throw new RepositoryUnavailableException($"no repository adapter is registered for repository type {type.ToString().ToLowerInvariant()} (repository {key.Item1}/{key.Item2})");
            }

            var opened = await adapter.OpenRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
            _open[key] = (repository, opened);
            return opened;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CloseRepositoryAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var key = (repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_open.Remove(key, out var open))
            {
                await open.Repository.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, repository) in _open.Values)
        {
            await repository.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
        _gate.Dispose();
    }

    /// <summary>The fields that decide what is read: a changed one reopens the repository.</summary>
    private static bool SameSpec(Repository a, Repository b) =>
        a.Spec.Type == b.Spec.Type &&
        a.Spec.Deployment == b.Spec.Deployment &&
        a.Spec.Git?.Repo == b.Spec.Git?.Repo &&
        a.Spec.Git?.Branch == b.Spec.Git?.Branch &&
        a.Spec.Git?.Directory == b.Spec.Git?.Directory &&
        a.Spec.Git?.SecretRef.Name == b.Spec.Git?.SecretRef.Name;
}
