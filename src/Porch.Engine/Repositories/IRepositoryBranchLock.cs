using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>
/// A lock the processes writing to one repository (replicas sharing one cache database) take before they move its
/// registered branch, so their approvals take turns instead of losing pushes to each other and rebuilding. Repository
/// adapters take it when one is registered (Porch.Cache.PostgreSql registers one); without it, each push still checks
/// its lease and is rebuilt when another writer moved the branch first, so the lock only saves the lost work.
/// </summary>
public interface IRepositoryBranchLock
{
    /// <summary>Waits for and takes the lock of <paramref name="repository"/>'s registered branch.</summary>
    /// <param name="repository">The repository whose branch is about to move.</param>
    /// <param name="cancellationToken">Cancels the wait; the lock is then not held.</param>
    /// <returns>The held lock: dispose it to give it back.</returns>
    ValueTask<RepositoryBranchLease> AcquireAsync(RepositoryKey repository, CancellationToken cancellationToken);
}
