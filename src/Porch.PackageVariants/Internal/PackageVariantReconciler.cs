using System.Globalization;
using Microsoft.Extensions.Logging;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Krm;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Diagnostics;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// One reconciliation of a PackageVariant, as Porch's <c>PackageVariantReconciler.Reconcile</c>: finalizer,
/// validation, the upstream, then find-or-create, upgrade and edit of the downstream, conditions and targets.
/// Deletion deletes (or orphans) the owned downstream revisions and removes the finalizer.
/// </summary>
internal sealed class PackageVariantReconciler(
    IPorchEngine engine,
    PackageVariantStore store,
    IClusterObjectSource objects,
    TimeProvider time,
    ILogger<PackageVariantReconciler> logger)
{
    /// <summary>Reconciles; throws when the reconciliation should be retried with backoff.</summary>
    public async Task ReconcileAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var pv = store.GetPackageVariant(@namespace, name);
        if (pv is null)
        {
            return;
        }

        var prList = await engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = @namespace }, cancellationToken).ConfigureAwait(false);
        if (pv.Metadata.DeletionTimestamp is not null)
        {
            foreach (var pr in prList)
            {
                if (HasOurOwnerReference(pv, pr))
                {
                    var after = await DeleteOrOrphanAsync(pr, pv, cancellationToken).ConfigureAwait(false);
                    if (after?.Spec.Lifecycle == PackageRevisionLifecycle.DeletionProposed)
                    {
                        // Orphan it, or it would be garbage collected with its parent PackageVariant.
                        await OrphanAsync(after, pv, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            pv.Metadata.Finalizers.Remove(PackageVariantApi.Finalizer);
            try
            {
                store.UpdatePackageVariant(pv);
            }
            catch (PorchException ex)
            {
                throw new InvalidOperationException($"failed to update {name} after delete finalizer: {ex.Message}", ex);
            }

            return;
        }

        if (!pv.Metadata.Finalizers.Contains(PackageVariantApi.Finalizer))
        {
            pv.Metadata.Finalizers.Add(PackageVariantApi.Finalizer);
            try
            {
                var status = pv.Status;
                pv = store.UpdatePackageVariant(pv);
                pv.Status = status;
            }
            catch (PorchException ex)
            {
                throw new InvalidOperationException($"failed to update {name} after add finalizer: {ex.Message}", ex);
            }
        }

        try
        {
            await ReconcileLiveAsync(pv, prList, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            WriteStatus(pv);
        }
    }

    private async Task ReconcileLiveAsync(PackageVariant pv, IReadOnlyList<PackageRevision> prList, CancellationToken cancellationToken)
    {
        var errors = PackageVariantValidation.Validate(pv);
        if (errors.Count > 0)
        {
            // No retry: a failed validation needs a change of the PackageVariant.
            SetStalled(pv, PackageVariantValidation.Combine(errors));
            return;
        }

        var upstream = FindUpstream(pv.Spec.Upstream!, prList);
        if (upstream is null)
        {
            var message = UpstreamNotFound(pv.Spec.Upstream!);
            SetStalled(pv, message);
            throw new PackageVariantReconcileException(message);
        }

        SetCondition(pv, PackageVariantApi.ConditionTypeStalled, ConditionStatus.False, "Valid", "all validation checks passed");
        List<PackageRevision> targets;
        try
        {
            targets = await EnsurePackageVariantAsync(pv, upstream, prList, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PorchException or KrmException or InvalidOperationException)
        {
            SetCondition(pv, PackageVariantApi.ConditionTypeReady, ConditionStatus.False, "Error", ex.Message);
            throw new PackageVariantReconcileException(ex.Message, ex);
        }

        var downstreams = new List<DownstreamTarget>();
        foreach (var target in targets)
        {
            downstreams.Add(pv.Status.DownstreamTargets?.FirstOrDefault(d => d.Name == target.Metadata.Name) ?? new DownstreamTarget { Name = target.Metadata.Name });
        }

        pv.Status.DownstreamTargets = downstreams;
        SetCondition(pv, PackageVariantApi.ConditionTypeReady, ConditionStatus.True, "NoErrors", "successfully ensured downstream package variant");
    }

    /// <summary>
    /// The upstream revision: the one of the given workspace; else the published one of the given revision number;
    /// else the latest published revision (Porch's placeholder "main" revision, which we do not have).
    /// </summary>
    internal static PackageRevision? FindUpstream(Upstream upstream, IReadOnlyList<PackageRevision> prList)
    {
        var candidates = prList.Where(pr => pr.Spec.Repository == upstream.Repo && pr.Spec.PackageName == upstream.Package).ToList();
        if (!string.IsNullOrEmpty(upstream.WorkspaceName))
        {
            return candidates.FirstOrDefault(pr => pr.Spec.WorkspaceName == upstream.WorkspaceName);
        }

        var published = candidates.Where(pr => IsPublished(pr) && pr.Spec.Revision > 0).ToList();
        return upstream.Revision > 0
            ? published.FirstOrDefault(pr => pr.Spec.Revision == upstream.Revision)
            : published.OrderByDescending(pr => pr.Spec.Revision).FirstOrDefault();
    }

    internal static string UpstreamNotFound(Upstream upstream) =>
        string.IsNullOrEmpty(upstream.WorkspaceName)
            ? string.Create(CultureInfo.InvariantCulture, $"could not find upstream package revision '{upstream.Package}/{upstream.Revision}' in repo '{upstream.Repo}'")
            : $"could not find upstream package revision '{upstream.Package}/{upstream.WorkspaceName}' in repo '{upstream.Repo}'";

    private async Task<List<PackageRevision>> EnsurePackageVariantAsync(PackageVariant pv, PackageRevision upstream, IReadOnlyList<PackageRevision> prList, CancellationToken cancellationToken)
    {
        var existing = await FindAndUpdateExistingRevisionsAsync(pv, upstream, prList, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        // No downstream package created by this controller exists: create one.
        var downstream = pv.Spec.Downstream!;
        var created = await engine.CreatePackageRevisionAsync(
            new PackageRevision
            {
                Metadata = NewMetadata(pv),
                Spec = new PackageRevisionSpec
                {
                    PackageName = downstream.Package,
                    Repository = downstream.Repo,
                    WorkspaceName = NewWorkspaceName(prList, downstream.Package!, downstream.Repo!),
                    Tasks = [new TaskSpec { Type = TaskType.Clone, Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { UpstreamRef = new PackageRevisionRef { Name = upstream.Metadata.Name! } } } }],
                },
            },
            cancellationToken).ConfigureAwait(false);
        logger.CreatedPackageRevision(pv.Metadata.Name!, created.Metadata.Name!);
        var (prr, changed) = await CalculateDraftResourcesAsync(pv, created, cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            await UpdatePackageResourcesAsync(prr, pv, cancellationToken).ConfigureAwait(false);
        }

        return [created];
    }

    private async Task<List<PackageRevision>?> FindAndUpdateExistingRevisionsAsync(PackageVariant pv, PackageRevision upstream, IReadOnlyList<PackageRevision> prList, CancellationToken cancellationToken)
    {
        var downstreams = await GetDownstreamPackageRevisionsAsync(pv, prList, cancellationToken).ConfigureAwait(false);
        if (downstreams is null)
        {
            return null;
        }

        for (var i = 0; i < downstreams.Count; i++)
        {
            var downstream = downstreams[i];
            if (downstream.Spec.Lifecycle == PackageRevisionLifecycle.DeletionProposed)
            {
                // Proposed for deletion earlier, but our target again: keep it.
                downstream.Spec.Lifecycle = PackageRevisionLifecycle.Published;
                downstream = await engine.UpdatePackageRevisionApprovalAsync(downstream, cancellationToken).ConfigureAwait(false);
                downstreams[i] = downstream;
            }

            if (!IsUpToDate(upstream, downstream))
            {
                if (!IsPublished(downstream))
                {
                    throw new InvalidOperationException($"cannot update upstream of downstream \"{downstream.Metadata.Name}\" when it is not published");
                }

                var old = downstream;
                downstream = await CreateUpgradeDraftAsync(old, pv, upstream, prList, cancellationToken).ConfigureAwait(false);
                downstreams[i] = downstream;
                logger.CreatedUpgrade(pv.Metadata.Name!, downstream.Metadata.Name!, old.Metadata.Name!, upstream.Spec.Revision);
            }

            var (prr, changed) = await CalculateDraftResourcesAsync(pv, downstream, cancellationToken).ConfigureAwait(false);
            if (changed)
            {
                if (IsPublished(downstream))
                {
                    // A published revision is immutable: edit a new draft copied from it.
                    var old = downstream;
                    downstream = await CreateEditDraftAsync(old, pv, prList, cancellationToken).ConfigureAwait(false);
                    downstreams[i] = downstream;
                    logger.CreatedEdit(pv.Metadata.Name!, downstream.Metadata.Name!, old.Metadata.Name!);
                    (prr, _) = await CalculateDraftResourcesAsync(pv, downstream, cancellationToken).ConfigureAwait(false);
                }

                await UpdatePackageResourcesAsync(prr, pv, cancellationToken).ConfigureAwait(false);
            }
        }

        return downstreams;
    }

    /// <summary>
    /// Every draft owned by us that matches the target, or else the latest published one; deletes (or orphans) owned
    /// revisions that no longer match, and adopts matching ones under adoptExisting.
    /// </summary>
    private async Task<List<PackageRevision>?> GetDownstreamPackageRevisionsAsync(PackageVariant pv, IReadOnlyList<PackageRevision> prList, CancellationToken cancellationToken)
    {
        var downstream = pv.Spec.Downstream!;
        PackageRevision? latestPublished = null;
        var latestVersion = -1;
        var drafts = new List<PackageRevision>();
        foreach (var listed in prList)
        {
            var pr = listed;
            var owned = HasOurOwnerReference(pv, pr);
            if (!owned && pv.Spec.AdoptionPolicy != PackageVariantApi.AdoptionPolicyAdoptExisting)
            {
                continue;
            }

            if (pr.Spec.Repository != downstream.Repo || pr.Spec.PackageName != downstream.Package)
            {
                if (owned)
                {
                    // Ours, but no longer our target.
                    await DeleteOrOrphanAsync(pr, pv, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (!owned)
            {
                logger.Adopting(pv.Metadata.Name!, pr.Metadata.Name!);
                try
                {
                    pr = await AdoptAsync(pr, pv, cancellationToken).ConfigureAwait(false);
                }
                catch (PorchException ex)
                {
                    logger.PackageRevisionWriteFailed("adopting", pr.Metadata.Name!, ex);
                }
            }

            if (IsPublished(pr))
            {
                if (pr.Spec.Revision > latestVersion)
                {
                    latestVersion = pr.Spec.Revision;
                    latestPublished = pr;
                }
            }
            else
            {
                drafts.Add(pr);
            }
        }

        if (drafts.Count > 0)
        {
            return drafts;
        }

        return latestPublished is null ? null : [latestPublished];
    }

    private async Task<PackageRevision?> DeleteOrOrphanAsync(PackageRevision pr, PackageVariant pv, CancellationToken cancellationToken)
    {
        try
        {
            if (pv.Spec.DeletionPolicy is null or "" or PackageVariantApi.DeletionPolicyDelete)
            {
                logger.Deleting(pv.Metadata.Name!, pr.Metadata.Name!);
                switch (pr.Spec.Lifecycle)
                {
                    case null or PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed:
                        await engine.DeletePackageRevisionAsync(pr.Metadata.Namespace!, pr.Metadata.Name!, cancellationToken).ConfigureAwait(false);
                        return null;
                    case PackageRevisionLifecycle.Published:
                        pr.Spec.Lifecycle = PackageRevisionLifecycle.DeletionProposed;
                        return await engine.UpdatePackageRevisionApprovalAsync(pr, cancellationToken).ConfigureAwait(false);
                    default:
                        return pr;
                }
            }

            logger.Orphaning(pv.Metadata.Name!, pr.Metadata.Name!);
            await OrphanAsync(pr, pv, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PorchException ex)
        {
            // Porch logs these and goes on; the next reconciliation tries again.
            logger.PackageRevisionWriteFailed("deleting or orphaning", pr.Metadata.Name!, ex);
            return null;
        }
    }

    private async Task OrphanAsync(PackageRevision pr, PackageVariant pv, CancellationToken cancellationToken)
    {
        pr.Metadata.OwnerReferences = [.. pr.Metadata.OwnerReferences.Where(o => o.Uid != pv.Metadata.Uid)];
        try
        {
            await engine.UpdatePackageRevisionAsync(pr, cancellationToken).ConfigureAwait(false);
        }
        catch (PorchException ex)
        {
            logger.PackageRevisionWriteFailed("orphaning", pr.Metadata.Name!, ex);
        }
    }

    private Task<PackageRevision> AdoptAsync(PackageRevision pr, PackageVariant pv, CancellationToken cancellationToken)
    {
        pr.Metadata.OwnerReferences.Add(OwnerReferenceOf(pv));
        foreach (var (key, value) in pv.Spec.Labels ?? [])
        {
            pr.Metadata.Labels[key] = value;
        }

        foreach (var (key, value) in pv.Spec.Annotations ?? [])
        {
            pr.Metadata.Annotations[key] = value;
        }

        return engine.UpdatePackageRevisionAsync(pr, cancellationToken);
    }

    /// <summary>Porch's <c>isUpToDate</c>: compares the revision in the downstream's upstream lock with the target's.</summary>
    internal static bool IsUpToDate(PackageRevision upstream, PackageRevision downstream)
    {
        var reference = downstream.Status.UpstreamLock?.Git?.Ref;
        if (string.IsNullOrEmpty(reference))
        {
            return true;
        }

        if (reference.StartsWith("drafts", StringComparison.Ordinal))
        {
            // The current upstream is a draft; the target is published.
            return false;
        }

        return RevisionFromRef(reference) == upstream.Spec.Revision;
    }

    /// <summary>The revision number at the end of an upstream lock's ref (<c>pkg/v3</c> is 3; -1 when none).</summary>
    internal static int RevisionFromRef(string reference)
    {
        var last = reference[(reference.LastIndexOf('/') + 1)..];
        if (last.StartsWith('v'))
        {
            last = last[1..];
        }

        return int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : -1;
    }

    private async Task<PackageRevision> CreateUpgradeDraftAsync(PackageRevision source, PackageVariant pv, PackageRevision newUpstream, IReadOnlyList<PackageRevision> prList, CancellationToken cancellationToken)
    {
        var oldRevision = RevisionFromRef(source.Status.UpstreamLock?.Git?.Ref ?? "");
        if (oldRevision == 0)
        {
            throw new InvalidOperationException("upstream cannot be published with revision number 0");
        }

        var upstream = pv.Spec.Upstream!;
        var oldUpstream = prList.FirstOrDefault(pr => pr.Spec.Repository == upstream.Repo && pr.Spec.PackageName == upstream.Package && pr.Spec.Revision == oldRevision)
            ?? throw new InvalidOperationException(UpstreamNotFound(new Upstream { Repo = upstream.Repo, Package = upstream.Package, Revision = oldRevision }));
        return await engine.CreatePackageRevisionAsync(
            new PackageRevision
            {
                Metadata = NewMetadata(pv),
                Spec = new PackageRevisionSpec
                {
                    Repository = source.Spec.Repository,
                    PackageName = source.Spec.PackageName,
                    WorkspaceName = NewWorkspaceName(prList, source.Spec.PackageName!, source.Spec.Repository!),
                    Lifecycle = PackageRevisionLifecycle.Draft,
                    Tasks =
                    [
                        new TaskSpec
                        {
                            Type = TaskType.Upgrade,
                            Upgrade = new PackageUpgradeTaskSpec
                            {
                                OldUpstream = new PackageRevisionRef { Name = oldUpstream.Metadata.Name! },
                                NewUpstream = new PackageRevisionRef { Name = newUpstream.Metadata.Name! },
                                LocalPackageRevisionRef = new PackageRevisionRef { Name = source.Metadata.Name! },
                                Strategy = Porch.Krm.Merge.PackageMergeStrategy.ResourceMerge,
                            },
                        },
                    ],
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    private Task<PackageRevision> CreateEditDraftAsync(PackageRevision source, PackageVariant pv, IReadOnlyList<PackageRevision> prList, CancellationToken cancellationToken) =>
        engine.CreatePackageRevisionAsync(
            new PackageRevision
            {
                Metadata = NewMetadata(pv),
                Spec = new PackageRevisionSpec
                {
                    Repository = source.Spec.Repository,
                    PackageName = source.Spec.PackageName,
                    WorkspaceName = NewWorkspaceName(prList, source.Spec.PackageName!, source.Spec.Repository!),
                    Lifecycle = PackageRevisionLifecycle.Draft,
                    Tasks = [new TaskSpec { Type = TaskType.Edit, Edit = new PackageEditTaskSpec { SourceRef = new PackageRevisionRef { Name = source.Metadata.Name! } } }],
                },
            },
            cancellationToken);

    /// <summary>Porch's <c>newWorkspaceName</c>: <c>packagevariant-N</c>, one past the highest N of the package.</summary>
    internal static string NewWorkspaceName(IReadOnlyList<PackageRevision> prList, string packageName, string repo)
    {
        var number = 0;
        foreach (var pr in prList)
        {
            if (pr.Spec.PackageName != packageName || pr.Spec.Repository != repo ||
                pr.Spec.WorkspaceName is not { } workspace || !workspace.StartsWith(PackageVariantApi.WorkspaceNamePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (int.TryParse(workspace[PackageVariantApi.WorkspaceNamePrefix.Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n > number)
            {
                number = n;
            }
        }

        return PackageVariantApi.WorkspaceNamePrefix + (number + 1).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<(PackageRevisionResources Resources, bool Changed)> CalculateDraftResourcesAsync(PackageVariant pv, PackageRevision draft, CancellationToken cancellationToken)
    {
        var prr = await engine.GetPackageRevisionResourcesAsync(draft.Metadata.Namespace!, draft.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        var ns = prr.Metadata.Namespace ?? "";
        var prrName = prr.Metadata.Name ?? "";
        var original = new Dictionary<string, string>(prr.Spec.Resources, StringComparer.Ordinal);
        var resources = prr.Spec.Resources;
        PackageVariantMutations.EnsurePackageContext(pv, ns, prrName, resources);
        PackageVariantMutations.EnsureKrmFunctions(pv, ns, prrName, resources);
        await ConfigInjection.EnsureAsync(pv, ns, prrName, resources, objects, cancellationToken).ConfigureAwait(false);
        if (resources.Count != original.Count)
        {
            return (prr, true);
        }

        foreach (var (file, before) in original)
        {
            if (!resources.TryGetValue(file, out var after))
            {
                return (prr, true);
            }

            if (after != before && !(file == Kptfile.FileName && PackageVariantMutations.KptfilesEqual(before, after)))
            {
                return (prr, true);
            }
        }

        return (prr, false);
    }

    private async Task UpdatePackageResourcesAsync(PackageRevisionResources prr, PackageVariant pv, CancellationToken cancellationToken)
    {
        var updated = await engine.UpdatePackageRevisionResourcesAsync(prr, cancellationToken).ConfigureAwait(false);
        var targets = pv.Status.DownstreamTargets ??= [];
        var target = targets.FirstOrDefault(t => t.Name == prr.Metadata.Name);
        if (target is null)
        {
            targets.Add(new DownstreamTarget { Name = prr.Metadata.Name, RenderStatus = updated.Status.RenderStatus });
        }
        else
        {
            target.RenderStatus = updated.Status.RenderStatus;
        }
    }

    private static ObjectMeta NewMetadata(PackageVariant pv) => new()
    {
        Namespace = pv.Metadata.Namespace,
        OwnerReferences = [OwnerReferenceOf(pv)],
        Labels = new Dictionary<string, string>(pv.Spec.Labels ?? [], StringComparer.Ordinal),
        Annotations = new Dictionary<string, string>(pv.Spec.Annotations ?? [], StringComparer.Ordinal),
    };

    /// <summary>Porch's <c>constructOwnerReference</c>: the variant as controller, no blockOwnerDeletion.</summary>
    internal static OwnerReference OwnerReferenceOf(PackageVariant pv) => new()
    {
        ApiVersion = pv.ApiVersion ?? PackageVariantApi.PackageVariantApiVersion,
        Kind = pv.Kind ?? PackageVariantApi.PackageVariantKind,
        Name = pv.Metadata.Name ?? "",
        Uid = pv.Metadata.Uid ?? "",
        Controller = true,
    };

    private static bool HasOurOwnerReference(PackageVariant pv, PackageRevision pr) =>
        pr.Metadata.OwnerReferences.Any(o => o.Uid == pv.Metadata.Uid);

    private static bool IsPublished(PackageRevision pr) => pr.Spec.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed;

    private void SetStalled(PackageVariant pv, string message)
    {
        SetCondition(pv, PackageVariantApi.ConditionTypeStalled, ConditionStatus.True, "ValidationError", message);
        SetCondition(pv, PackageVariantApi.ConditionTypeReady, ConditionStatus.False, "Error", "invalid packagevariant object");
    }

    private void SetCondition(PackageVariant pv, string type, ConditionStatus status, string reason, string message) =>
        pv.Status.Conditions = Conditions.Set(pv.Status.Conditions, type, status, reason, message, pv.Metadata.Generation, time.GetUtcNow());

    private void WriteStatus(PackageVariant pv)
    {
        try
        {
            // The status as computed; the resource version is not checked (Porch's deferred Status().Update of the read object).
            pv.Metadata.ResourceVersion = null;
            store.UpdatePackageVariantStatus(pv);
        }
        catch (PorchException ex)
        {
            logger.StatusUpdateFailed(pv.Metadata.Name!, ex);
        }
    }
}
