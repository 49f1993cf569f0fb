using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Engine.Tasks;
using Porch.Engine.Watch;
using Porch.Krm.Functions;

namespace Porch.Engine;

/// <summary>Update through the main resource and the approval subresource (spec sections 3.3, 3.4, 4.2, 4.3, 4.5).</summary>
internal sealed partial class PorchEngine
{
    public Task<PackageRevision> UpdatePackageRevisionAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default) =>
        UpdateAsync(packageRevision, approval: false, cancellationToken);

    public Task<PackageRevision> UpdatePackageRevisionApprovalAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default) =>
        UpdateAsync(packageRevision, approval: true, cancellationToken);

    private async Task<PackageRevision> UpdateAsync(PackageRevision pr, bool approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var (ns, name) = RevisionValidation.RequireNamespaceAndName(pr.Metadata);
        if (!_locks.TryAcquire((ns, name), out var held))
        {
            throw PorchErrors.UpdateInProgress(ns, name);
        }

        using (held)
        {
            var entry = await _reader.GetEntryAsync(ns, name, PorchErrors.PackageRevisionsResource, cancellationToken).ConfigureAwait(false);
            var current = await _reader.ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
            if (approval)
            {
                RevisionValidation.ValidateApproval(current, pr);
            }
            else
            {
                RevisionValidation.ValidateMainUpdate(current, pr);
            }

            RevisionValidation.CheckResourceVersion(pr.Metadata, current.Metadata, PorchErrors.PackageRevisionsResource);
            var stored = await _metadata.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
            if (stored?.DeletionTimestamp is not null && pr.Metadata.Finalizers.Count == 0)
            {
                // The last finalizer of a terminating revision is gone: the deferred delete happens now (spec section 4.7).
                return await DeleteNowAsync(entry, current, cancellationToken).ConfigureAwait(false);
            }

            var oldLifecycle = entry.Revision.Lifecycle;
            var newLifecycle = pr.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
            var newMeta = ObjectMetaCopy.Stored(pr.Metadata, stored?.CreationTimestamp ?? current.Metadata.CreationTimestamp);
            newMeta.DeletionTimestamp = stored?.DeletionTimestamp;
            RevisionEntry updatedEntry;
            if (oldLifecycle is PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed)
            {
                // The closed draft is the stored revision: no second listing. A revision just published took the
                // next number, so it is the package's latest.
                var closed = await UpdateDraftOrProposedAsync(entry, pr, newLifecycle, newMeta, stored, cancellationToken).ConfigureAwait(false);
                updatedEntry = entry with { Revision = closed, IsLatest = PackageRevisionReader.IsPublished(closed.Lifecycle) && closed.Key.Revision > 0 };
            }
            else
            {
                if (newLifecycle != oldLifecycle && entry.Repository is IMetadataWritingRepository withMetadata)
                {
                    // The metadata is stored with the lifecycle change (one transaction): nothing to put back on failure.
                    await withMetadata.UpdatePublishedLifecycleAsync(entry.Revision, newLifecycle, newMeta, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _metadata.WithMetadataAsync(ns, name, newMeta, stored, async () =>
                    {
                        if (newLifecycle != oldLifecycle)
                        {
                            await entry.Revision.UpdateLifecycleAsync(newLifecycle, cancellationToken).ConfigureAwait(false);
                        }
                    }, cancellationToken).ConfigureAwait(false);
                }

                // A published revision changes in place (no draft, nothing returned): read it again.
                updatedEntry = await _reader.FindEntryAsync(ns, name, cancellationToken).ConfigureAwait(false)
                    ?? throw PorchErrors.NotFound(PorchErrors.PackageRevisionsResource, name);
            }

            var updated = await _reader.ToApiAsync(updatedEntry, cancellationToken).ConfigureAwait(false);
            _logger.PackageRevisionUpdated(ns, name, updatedEntry.Revision.Lifecycle.ToString());
            Notify(PackageRevisionChangeType.Modified, updated);
            return updated;
        }
    }

    private async Task<IPackageRevision> UpdateDraftOrProposedAsync(
        RevisionEntry entry,
        PackageRevision pr,
        PackageRevisionLifecycle newLifecycle,
        ObjectMeta newMeta,
        ObjectMeta? stored,
        CancellationToken cancellationToken)
    {
        var draft = await entry.Repository.UpdatePackageRevisionAsync(entry.Revision, cancellationToken).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            return await ChangeThroughDraftAsync(entry, pr, draft, newLifecycle, newMeta, stored, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IPackageRevision> ChangeThroughDraftAsync(
        RevisionEntry entry,
        PackageRevision pr,
        IPackageRevisionDraft draft,
        PackageRevisionLifecycle newLifecycle,
        ObjectMeta newMeta,
        ObjectMeta? stored,
        CancellationToken cancellationToken)
    {
        if (entry.Revision.Lifecycle == PackageRevisionLifecycle.Draft)
        {
            var files = new Dictionary<string, string>(draft.Resources, StringComparer.Ordinal);
            KptfileEditor.Apply(
                files,
                pr.Spec.PackageMetadata,
                replaceMetadata: true,
                pr.Spec.ReadinessGates,
                pr.Status.Conditions.Count > 0 ? pr.Status.Conditions : null);
            var render = await _render.RenderAsync(entry.Namespace, entry.Name, files, cancellationToken).ConfigureAwait(false);
            if (!render.Succeeded)
            {
                throw new FunctionEvaluationException(
                    "Error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally (until 'kpt fn render' succeeds) and retry. Details: " + render.Error,
                    render.Results);
            }

            await draft.UpdateResourcesAsync(render.Files, new TaskSpec { Type = TaskType.Render }, cancellationToken).ConfigureAwait(false);
        }

        await draft.UpdateLifecycleAsync(newLifecycle, cancellationToken).ConfigureAwait(false);
        var revision = newLifecycle == PackageRevisionLifecycle.Published
            ? await NextRevisionAsync(entry, cancellationToken).ConfigureAwait(false)
            : 0;
        return await CloseWithMetadataAsync(entry.Repository, draft, revision, entry.Namespace, entry.Name, newMeta, stored, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The next revision number of a package: the highest published one plus one (placeholders never count).</summary>
    private static async Task<int> NextRevisionAsync(RevisionEntry entry, CancellationToken cancellationToken)
    {
        await entry.Repository.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var revisions = await entry.Repository.ListPackageRevisionsAsync(
            new PackageRevisionFilter { Repository = entry.Key.Repository.Name, PackageName = entry.Key.Package.PackagePath },
            cancellationToken).ConfigureAwait(false);
        var max = revisions
            .Where(r => r.Key.Package.PackagePath == entry.Key.Package.PackagePath && r.Key.Revision > 0 && PackageRevisionReader.IsPublished(r.Lifecycle))
            .Select(r => r.Key.Revision)
            .DefaultIfEmpty(0)
            .Max();
        return max + 1;
    }
}
