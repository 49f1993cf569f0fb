using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>Where one cached repository keeps its revisions: process memory or the database.</summary>
internal interface IRevisionStore
{
    /// <summary>Gets the storage name for logs.</summary>
    string StorageName { get; }

    /// <summary>Gets the repository version the cached revisions were last synced at, or null when never synced.</summary>
    ValueTask<string?> GetSyncedVersionAsync(CancellationToken cancellationToken);

    /// <summary>Records the repository version the cached revisions now reflect.</summary>
    ValueTask SetSyncedVersionAsync(string version, CancellationToken cancellationToken);

    /// <summary>Lists cached revisions matching the key, name, lifecycle and label parts of <paramref name="filter"/>.</summary>
    ValueTask<IReadOnlyList<CachedRevision>> ListAsync(PackageRevisionFilter filter, CancellationToken cancellationToken);

    /// <summary>Gets whether <see cref="ApplyAsync"/> stores the metadata it is given (the database: in its transaction); otherwise the caller writes the metadata store.</summary>
    bool StoresMetadata { get; }

    /// <summary>
    /// Inserts or replaces <paramref name="upserts"/> (read from the repository) and removes <paramref name="deletes"/>,
    /// atomically, storing <paramref name="metadata"/> (by revision name) with the upserts when <see cref="StoresMetadata"/>.
    /// With <paramref name="seen"/> (a sync: the resource versions, by name, its comparison started from), a revision
    /// another writer changed meanwhile (another replica's close) is left alone instead of being put back to the sync's
    /// older view.
    /// </summary>
    ValueTask ApplyAsync(
        IReadOnlyList<IPackageRevision> upserts,
        IReadOnlyList<CachedRevision> deletes,
        IReadOnlyDictionary<string, ObjectMeta>? metadata,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? seen = null);

    /// <summary>
    /// Claims <paramref name="revision"/> for an update if it still has the resource version the caller read; only one
    /// claimant (in any process sharing the store) wins until the claim is released, replaced by an upsert, or expires.
    /// </summary>
    ValueTask<bool> TryClaimAsync(CachedRevision revision, string token, CancellationToken cancellationToken);

    /// <summary>Releases a claim that was not followed by an upsert (the update failed).</summary>
    ValueTask ReleaseClaimAsync(CachedRevision revision, string token, CancellationToken cancellationToken);

    /// <summary>Removes everything cached for the repository (it was closed for good).</summary>
    ValueTask RemoveAllAsync(CancellationToken cancellationToken);
}
