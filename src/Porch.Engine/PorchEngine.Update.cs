using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
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
        var (ns, name) = RequireNamespaceAndName(pr.Metadata);
        if (!_locks.TryAcquire((ns, name), out var held))
        {
            throw PorchErrors.UpdateInProgress(ns, name);
        }

        using (held)
        {
            var entry = await GetEntryAsync(ns, name, PorchErrors.PackageRevisionsResource, cancellationToken).ConfigureAwait(false);
            var current = await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
            if (approval)
            {
                ValidateApproval(current, pr);
            }
            else
            {
                ValidateMainUpdate(current, pr);
            }

            CheckResourceVersion(pr.Metadata, current.Metadata, PorchErrors.PackageRevisionsResource);
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
            if (oldLifecycle is PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed)
            {
                await UpdateDraftOrProposedAsync(entry, pr, newLifecycle, newMeta, stored, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WithMetadataAsync(ns, name, newMeta, stored, async () =>
                {
                    if (newLifecycle != oldLifecycle)
                    {
                        await entry.Revision.UpdateLifecycleAsync(newLifecycle, cancellationToken).ConfigureAwait(false);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }

            var updatedEntry = await FindEntryAsync(ns, name, cancellationToken).ConfigureAwait(false)
                ?? throw PorchErrors.NotFound(PorchErrors.PackageRevisionsResource, name);
            var updated = await ToApiAsync(updatedEntry, cancellationToken).ConfigureAwait(false);
            _logger.PackageRevisionUpdated(ns, name, updatedEntry.Revision.Lifecycle.ToString());
            Notify(PackageRevisionChangeType.Modified, updated);
            return updated;
        }
    }

    private async Task UpdateDraftOrProposedAsync(
        RevisionEntry entry,
        PackageRevision pr,
        PackageRevisionLifecycle newLifecycle,
        ObjectMeta newMeta,
        ObjectMeta? stored,
        CancellationToken cancellationToken)
    {
        var draft = await entry.Repository.UpdatePackageRevisionAsync(entry.Revision, cancellationToken).ConfigureAwait(false);
        if (entry.Revision.Lifecycle == PackageRevisionLifecycle.Draft)
        {
            var files = new Dictionary<string, string>(draft.Resources, StringComparer.Ordinal);
            KptfileEditor.Apply(
                files,
                pr.Spec.PackageMetadata,
                replaceMetadata: true,
                pr.Spec.ReadinessGates,
                pr.Status.Conditions.Count > 0 ? pr.Status.Conditions : null);
            var render = await RenderAsync(entry.Namespace, entry.Name, files, cancellationToken).ConfigureAwait(false);
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
        await WithMetadataAsync(entry.Namespace, entry.Name, newMeta, stored, () => CloseAsync(entry.Repository, draft, revision, cancellationToken), cancellationToken)
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
            .Where(r => r.Key.Package.PackagePath == entry.Key.Package.PackagePath && r.Key.Revision > 0 && IsPublished(r.Lifecycle))
            .Select(r => r.Key.Revision)
            .DefaultIfEmpty(0)
            .Max();
        return max + 1;
    }

    private static async Task<IPackageRevision> CloseAsync(IRepository repository, IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken)
    {
        using var step = Step("CloseDraft");
        try
        {
            return await repository.ClosePackageRevisionDraftAsync(draft, revision, cancellationToken).ConfigureAwait(false);
        }
        catch (PorchException ex) when (ex is not PackageRevisionConflictException)
        {
            throw PorchErrors.Wrap("failed to close package revision draft: ", ex);
        }
    }

    /// <summary>
    /// Writes the new metadata, runs the repository change, and puts the old metadata back when the change fails,
    /// so a failed operation leaves both exactly as before. When putting it back fails too, that is logged (it is
    /// handled here) and the caller gets the change's failure, which is the one it can act on.
    /// </summary>
    private async Task WithMetadataAsync(string ns, string name, ObjectMeta newMeta, ObjectMeta? oldMeta, Func<Task> change, CancellationToken cancellationToken)
    {
        await _metadata.SetAsync(ns, name, newMeta, cancellationToken).ConfigureAwait(false);
        try
        {
            await change().ConfigureAwait(false);
        }
        catch
        {
            try
            {
                if (oldMeta is null)
                {
                    await _metadata.DeleteAsync(ns, name, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _metadata.SetAsync(ns, name, oldMeta, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception rollback)
            {
                _logger.CompensationFailed(ns, name, rollback);
            }

            throw;
        }
    }

    private static (string Namespace, string Name) RequireNamespaceAndName(ObjectMeta metadata)
    {
        if (string.IsNullOrEmpty(metadata.Namespace))
        {
            throw PorchErrors.NamespaceRequired();
        }

        if (string.IsNullOrEmpty(metadata.Name))
        {
            throw new PackageValidationException("resource name may not be empty", PorchErrorCode.BadRequest);
        }

        return (metadata.Namespace, metadata.Name);
    }

    private static void CheckResourceVersion(ObjectMeta requested, ObjectMeta current, string resource)
    {
        if (string.IsNullOrEmpty(requested.ResourceVersion))
        {
            throw PorchErrors.Engine("resourceVersion must be specified for an update");
        }

        if (requested.ResourceVersion != current.ResourceVersion)
        {
            throw PorchErrors.Modified(resource, current.Name ?? "");
        }
    }

    /// <summary>The main resource's update strategy (spec section 3.3).</summary>
    private static void ValidateMainUpdate(PackageRevision current, PackageRevision requested)
    {
        var errors = new List<FieldError>();
        CheckLatestLabelUnchanged(current, requested, errors);
        var oldLifecycle = current.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        var newLifecycle = requested.Spec.Lifecycle;
        if (oldLifecycle is PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed)
        {
            if (newLifecycle is not (null or PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed))
            {
                errors.Add(FieldError.Invalid("spec.lifecycle", oldLifecycle.ToString(), "value can be only updated to Draft,Proposed"));
            }
        }
        else if (newLifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed) || !SpecEqualIgnoringLifecycle(current.Spec, requested.Spec))
        {
            errors.Add(FieldError.Invalid("spec", (newLifecycle ?? oldLifecycle).ToString(), "spec can only update package with lifecycle value one of Draft,Proposed"));
        }

        if (errors.Count > 0)
        {
            throw PorchErrors.Invalid("PackageRevision", current.Metadata.Name ?? "", errors);
        }
    }

    /// <summary>The approval subresource's strategy (spec section 3.4).</summary>
    private static void ValidateApproval(PackageRevision current, PackageRevision requested)
    {
        var errors = new List<FieldError>();
        CheckLatestLabelUnchanged(current, requested, errors);
        var oldLifecycle = current.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        var newLifecycle = requested.Spec.Lifecycle;
        var newText = newLifecycle?.ToString() ?? "";
        string? error = oldLifecycle switch
        {
            PackageRevisionLifecycle.Published when newLifecycle != PackageRevisionLifecycle.DeletionProposed =>
                "package with Published lifecycle value can only be updated to 'ProposeDeletion'",
            PackageRevisionLifecycle.Published => null,
            PackageRevisionLifecycle.DeletionProposed when newLifecycle != PackageRevisionLifecycle.Published =>
                "package with DeletionProposed lifecycle value can only be updated to 'Published'",
            PackageRevisionLifecycle.DeletionProposed => null,
            PackageRevisionLifecycle.Proposed => newLifecycle switch
            {
                PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Published => null,
                PackageRevisionLifecycle.DeletionProposed => "cannot update lifecycle DeletionProposed; only Published packages require approval for deletion",
                _ => "value for approval can be only one of Draft,Published",
            },
            _ => $"cannot approve package with {oldLifecycle} lifecycle value; only Proposed packages can be approved",
        };
        if (error is not null)
        {
            errors.Add(FieldError.Invalid("spec.lifecycle", newText, error));
        }

        if (errors.Count > 0)
        {
            throw PorchErrors.Transition(current.Metadata.Name ?? "", errors, oldLifecycle, newLifecycle);
        }
    }

    private static void CheckLatestLabelUnchanged(PackageRevision current, PackageRevision requested, List<FieldError> errors)
    {
        current.Metadata.Labels.TryGetValue(PorchApi.LatestRevisionLabel, out var before);
        requested.Metadata.Labels.TryGetValue(PorchApi.LatestRevisionLabel, out var after);
        if (before != after)
        {
            errors.Add(FieldError.Forbidden("metadata.labels", "label is managed by porch and cannot be modified by users"));
        }
    }

    private static bool SpecEqualIgnoringLifecycle(PackageRevisionSpec a, PackageRevisionSpec b)
    {
        static string Json(PackageRevisionSpec s, PackageMetadata? metadata) => JsonSerializer.Serialize(
            new PackageRevisionSpec
            {
                PackageName = s.PackageName,
                Repository = s.Repository,
                WorkspaceName = s.WorkspaceName,
                Revision = s.Revision,
                Parent = s.Parent,
                Tasks = s.Tasks,
                ReadinessGates = s.ReadinessGates,
                PackageMetadata = metadata,
            },
            PorchJsonContext.Default.PackageRevisionSpec);

        // PrepareForUpdate: a request without packageMetadata keeps the stored one.
        return Json(a, a.PackageMetadata) == Json(b, b.PackageMetadata ?? a.PackageMetadata);
    }
}
