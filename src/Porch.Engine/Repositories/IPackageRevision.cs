using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Engine.Repositories;

/// <summary>One stored package revision of a repository, as the repository sees it (no Kubernetes metadata).</summary>
public interface IPackageRevision
{
    /// <summary>Gets the key of the revision (repository, package path, revision number, workspace).</summary>
    PackageRevisionKey Key { get; }

    /// <summary>Gets the lifecycle of the revision.</summary>
    PackageRevisionLifecycle Lifecycle { get; }

    /// <summary>Gets the version of the stored content (for Git: the commit SHA); compared verbatim on updates.</summary>
    string ResourceVersion { get; }

    /// <summary>Gets the tasks that created the revision (0 or 1 entry in practice).</summary>
    IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>Gets who published the revision and when, or nulls when it is not published.</summary>
    PublishInfo PublishInfo { get; }

    /// <summary>Gets the self lock: where this revision lives in its repository.</summary>
    Locator Lock { get; }

    /// <summary>Gets the files of the revision: path relative to the package root to full text.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The files.</returns>
    ValueTask<IReadOnlyDictionary<string, string>> GetResourcesAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the parsed root Kptfile of the revision.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The Kptfile.</returns>
    ValueTask<Kptfile> GetKptfileAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves a published revision between Published and DeletionProposed.</summary>
    /// <param name="lifecycle">Published or DeletionProposed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default);
}
