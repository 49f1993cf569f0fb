namespace Porch.Testing;

/// <summary>The repository operations a <see cref="FaultPlan"/> can make fail.</summary>
public enum RepositoryOperation
{
    /// <summary><c>IRepository.ListPackageRevisionsAsync</c>.</summary>
    ListPackageRevisions,

    /// <summary><c>IRepository.CreatePackageRevisionDraftAsync</c>.</summary>
    CreateDraft,

    /// <summary><c>IRepository.UpdatePackageRevisionAsync</c> (opening a draft of an existing revision).</summary>
    OpenDraft,

    /// <summary><c>IPackageRevisionDraft.UpdateResourcesAsync</c>.</summary>
    UpdateResources,

    /// <summary><c>IPackageRevisionDraft.UpdateLifecycleAsync</c>.</summary>
    UpdateDraftLifecycle,

    /// <summary><c>IRepository.ClosePackageRevisionDraftAsync</c>.</summary>
    CloseDraft,

    /// <summary><c>IRepository.DeletePackageRevisionAsync</c>.</summary>
    DeleteRevision,

    /// <summary><c>IPackageRevision.UpdateLifecycleAsync</c> (Published and DeletionProposed).</summary>
    UpdatePublishedLifecycle,

    /// <summary><c>IPackageRevision.GetResourcesAsync</c>.</summary>
    GetResources,

    /// <summary><c>IRepository.ListPackagesAsync</c>.</summary>
    ListPackages,

    /// <summary><c>IRepository.VersionAsync</c>.</summary>
    Version,

    /// <summary><c>IRepository.RefreshAsync</c>.</summary>
    Refresh,

    /// <summary><c>IPackageRevisionDraft.DisposeAsync</c> (counted; a fault planned for it is thrown after the draft is disposed).</summary>
    DisposeDraft,
}
