using Porch.Engine.Api;

namespace Porch.Engine;

/// <summary>The everyday lifecycle steps (what <c>porchctl rpkg propose/approve/reject/propose-delete/copy</c> do) on top of <see cref="IPorchEngine"/>.</summary>
public static class PorchEngineExtensions
{
    /// <summary>Proposes a Draft revision (main resource, Draft to Proposed).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The revision name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated revision.</returns>
    public static async Task<PackageRevision> ProposeAsync(this IPorchEngine engine, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pr = await engine.GetPackageRevisionAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        pr.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
        return await engine.UpdatePackageRevisionAsync(pr, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves a Proposed revision (approval subresource, Proposed to Published).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The revision name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The published revision.</returns>
    public static Task<PackageRevision> ApproveAsync(this IPorchEngine engine, string @namespace, string name, CancellationToken cancellationToken = default) =>
        SetApprovalAsync(engine, @namespace, name, _ => PackageRevisionLifecycle.Published, cancellationToken);

    /// <summary>Rejects a proposal: Proposed goes back to Draft, DeletionProposed back to Published (approval subresource).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The revision name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated revision.</returns>
    public static Task<PackageRevision> RejectAsync(this IPorchEngine engine, string @namespace, string name, CancellationToken cancellationToken = default) =>
        SetApprovalAsync(
            engine,
            @namespace,
            name,
            current => current == PackageRevisionLifecycle.DeletionProposed ? PackageRevisionLifecycle.Published : PackageRevisionLifecycle.Draft,
            cancellationToken);

    /// <summary>Proposes a Published revision for deletion (approval subresource, Published to DeletionProposed).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The revision name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated revision.</returns>
    public static Task<PackageRevision> ProposeDeleteAsync(this IPorchEngine engine, string @namespace, string name, CancellationToken cancellationToken = default) =>
        SetApprovalAsync(engine, @namespace, name, _ => PackageRevisionLifecycle.DeletionProposed, cancellationToken);

    /// <summary>Creates the next revision of a package by copying a published one (an <c>edit</c> task) into a new workspace.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="sourceName">The published revision to copy.</param>
    /// <param name="workspaceName">The new workspace.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new Draft revision.</returns>
    public static async Task<PackageRevision> CopyAsync(this IPorchEngine engine, string @namespace, string sourceName, string workspaceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var source = await engine.GetPackageRevisionAsync(@namespace, sourceName, cancellationToken).ConfigureAwait(false);
        return await engine.CreatePackageRevisionAsync(
            new PackageRevision
            {
                Metadata = new ObjectMeta { Namespace = @namespace },
                Spec = new PackageRevisionSpec
                {
                    Repository = source.Spec.Repository,
                    PackageName = source.Spec.PackageName,
                    WorkspaceName = workspaceName,
                    Tasks = [new TaskSpec { Type = TaskType.Edit, Edit = new PackageEditTaskSpec { SourceRef = new PackageRevisionRef { Name = sourceName } } }],
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the files of a Draft revision, lets <paramref name="edit"/> change them, and writes them back (rendered).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The revision name.</param>
    /// <param name="edit">Changes the files in place.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored resources with their render status.</returns>
    public static async Task<PackageRevisionResources> EditResourcesAsync(
        this IPorchEngine engine,
        string @namespace,
        string name,
        Action<IDictionary<string, string>> edit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(edit);
        var resources = await engine.GetPackageRevisionResourcesAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        edit(resources.Spec.Resources);
        return await engine.UpdatePackageRevisionResourcesAsync(resources, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PackageRevision> SetApprovalAsync(
        IPorchEngine engine,
        string @namespace,
        string name,
        Func<PackageRevisionLifecycle, PackageRevisionLifecycle> target,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pr = await engine.GetPackageRevisionAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        pr.Spec.Lifecycle = target(pr.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft);
        return await engine.UpdatePackageRevisionApprovalAsync(pr, cancellationToken).ConfigureAwait(false);
    }
}
