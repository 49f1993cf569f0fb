using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>
/// A repository that stores a revision's Kubernetes metadata together with the change of the revision itself (the
/// database cache: in the same transaction that records the closed draft), so the engine never writes metadata before
/// the change and has nothing to put back when the change fails. The engine uses it when the repository it opened
/// implements it; otherwise it writes the metadata store around the change.
/// </summary>
public interface IMetadataWritingRepository
{
    /// <summary>Closes a draft as <see cref="IRepository.ClosePackageRevisionDraftAsync"/> and stores <paramref name="metadata"/> with the result.</summary>
    /// <param name="draft">The draft to close.</param>
    /// <param name="revision">The revision number to give a published revision, or 0.</param>
    /// <param name="metadata">The revision's metadata after the change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored revision.</returns>
    Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, ObjectMeta metadata, CancellationToken cancellationToken = default);

    /// <summary>Changes the lifecycle of a published revision (Published ↔ DeletionProposed) and stores <paramref name="metadata"/> with it.</summary>
    /// <param name="packageRevision">A revision listed from this repository.</param>
    /// <param name="lifecycle">The new lifecycle.</param>
    /// <param name="metadata">The revision's metadata after the change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    Task UpdatePublishedLifecycleAsync(IPackageRevision packageRevision, PackageRevisionLifecycle lifecycle, ObjectMeta metadata, CancellationToken cancellationToken = default);
}
