using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Engine;

/// <summary>
/// The package-orchestration engine: creates, changes, lists and deletes package revisions of the registered
/// repositories, applying Porch's rules, lifecycle, rendering, concurrency control and rollback.
/// </summary>
/// <remarks>
/// Errors are <see cref="PorchException"/>s whose <see cref="PorchException.ErrorCode"/> maps to an HTTP status and
/// whose message is Porch's text. A failed operation leaves repositories, metadata and watchers as they were.
/// </remarks>
public interface IPorchEngine
{
    /// <summary>Lists package revisions.</summary>
    /// <param name="filter">The filter (namespace, repository, package, workspace, revision, lifecycles, labels).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The revisions, ordered by namespace, repository, package, revision, lifecycle and name.</returns>
    Task<IReadOnlyList<PackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Gets one package revision.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The revision.</returns>
    /// <exception cref="PackageRevisionNotFoundException">No such revision.</exception>
    Task<PackageRevision> GetPackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Creates a package revision (init, clone, copy or upgrade), as a Draft unless the object says otherwise.</summary>
    /// <param name="packageRevision">The new revision; <c>metadata.namespace</c> and <c>spec.repository</c> are required.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The created revision.</returns>
    Task<PackageRevision> CreatePackageRevisionAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default);

    /// <summary>Updates a package revision through the main resource (metadata, tasks, lifecycle Draft/Proposed and Published/DeletionProposed).</summary>
    /// <param name="packageRevision">The revision as the client wants it; <c>metadata.resourceVersion</c> must be the current one.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated revision.</returns>
    Task<PackageRevision> UpdatePackageRevisionAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default);

    /// <summary>Updates a package revision through the <c>approval</c> subresource (approve, reject, propose deletion, undo).</summary>
    /// <param name="packageRevision">The revision with the requested lifecycle; <c>metadata.resourceVersion</c> must be the current one.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated revision.</returns>
    Task<PackageRevision> UpdatePackageRevisionApprovalAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default);

    /// <summary>Deletes a package revision (Published ones must be DeletionProposed first).</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The revision as it was, or as it is now when finalizers keep it terminating.</returns>
    Task<PackageRevision> DeletePackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the resources of package revisions.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The resources objects.</returns>
    Task<IReadOnlyList<PackageRevisionResources>> ListPackageRevisionResourcesAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Gets the resources of one package revision.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The resources.</returns>
    Task<PackageRevisionResources> GetPackageRevisionResourcesAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Replaces the files of a Draft package revision and renders it.</summary>
    /// <param name="resources">The new files; <c>metadata.resourceVersion</c> must be the current one.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored resources with <c>status.renderStatus</c>.</returns>
    Task<PackageRevisionResources> UpdatePackageRevisionResourcesAsync(PackageRevisionResources resources, CancellationToken cancellationToken = default);

    /// <summary>Lists packages.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The packages.</returns>
    Task<IReadOnlyList<PorchPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Gets one package.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name (<c>&lt;repo&gt;.&lt;path&gt;.&lt;package&gt;</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The package.</returns>
    Task<PorchPackage> GetPackageAsync(string @namespace, string name, CancellationToken cancellationToken = default);
}
