using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>
/// One registered repository of packages (a Git repository, a database, an in-memory store): lists its package
/// revisions and creates, changes and deletes them through drafts.
/// </summary>
/// <remarks>
/// Drafts are isolated: nothing a draft does is visible to readers until
/// <see cref="ClosePackageRevisionDraftAsync"/> succeeds, and a draft that is never closed leaves no trace. Closing is
/// atomic: it either publishes every change of the draft or none. The engine relies on this for rollback.
/// Adapters do not validate business rules (the engine does); they store and read.
/// </remarks>
public interface IRepository : IAsyncDisposable
{
    /// <summary>Gets the key of this repository (namespace, name, directory, placeholder workspace).</summary>
    RepositoryKey Key { get; }

    /// <summary>Lists the package revisions that match <paramref name="filter"/>.</summary>
    /// <param name="filter">The filter; an adapter may return more revisions than match (the engine filters again) but never fewer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The package revisions, in no particular order.</returns>
    Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Starts a draft for a new package revision described by <paramref name="packageRevision"/>.</summary>
    /// <param name="packageRevision">The API object of the new revision: package name, workspace, lifecycle and tasks.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The draft, empty of resources.</returns>
    Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default);

    /// <summary>Starts a draft that changes an existing Draft or Proposed revision; it starts with that revision's resources.</summary>
    /// <param name="packageRevision">The revision to change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The draft.</returns>
    Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default);

    /// <summary>Publishes every change of <paramref name="draft"/> atomically and returns the resulting revision.</summary>
    /// <param name="draft">A draft created by this repository.</param>
    /// <param name="revision">The revision number to assign when the draft's lifecycle is Published; 0 otherwise.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored package revision.</returns>
    Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default);

    /// <summary>Deletes a package revision (for a placeholder revision: removes the package from the registered branch).</summary>
    /// <param name="packageRevision">The revision to delete.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the revision is gone.</returns>
    Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default);

    /// <summary>Lists the packages of this repository that match <paramref name="filter"/>.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The packages.</returns>
    Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Gets an opaque value that changes whenever the stored content of the repository changes.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version.</returns>
    Task<string> VersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the commit (or content) hash of the registered branch, or an empty string when there is none.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hash.</returns>
    Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default);

    /// <summary>Re-reads the repository from its source (for Git: fetches).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the repository is current.</returns>
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
