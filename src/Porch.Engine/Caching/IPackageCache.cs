using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Engine.Caching;

/// <summary>Opens repositories for the engine and keeps them open (and, in Porch.Cache, cached and synced).</summary>
public interface IPackageCache
{
    /// <summary>Opens (or returns the already open) repository for <paramref name="repository"/>.</summary>
    /// <param name="repository">The Repository object.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The repository; owned by the cache, callers do not dispose it.</returns>
    /// <exception cref="Errors.RepositoryUnavailableException">The repository cannot be opened.</exception>
    Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default);

    /// <summary>Closes the repository for <paramref name="repository"/> if it is open.</summary>
    /// <param name="repository">The Repository object.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when closed.</returns>
    Task CloseRepositoryAsync(Repository repository, CancellationToken cancellationToken = default);
}
