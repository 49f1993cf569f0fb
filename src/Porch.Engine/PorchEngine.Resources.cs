using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Engine;

/// <summary>Resource updates of Draft revisions, with rendering (spec sections 3.5 and 4.4).</summary>
internal sealed partial class PorchEngine
{
    public async Task<PackageRevisionResources> UpdatePackageRevisionResourcesAsync(PackageRevisionResources resources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var (ns, name) = RevisionValidation.RequireNamespaceAndName(resources.Metadata);
        PackagePath.ValidateAll(resources.Spec.Resources.Keys);

        if (!_locks.TryAcquire((ns, name), out var held))
        {
            throw PorchErrors.ResourcesUpdateInProgress(ns, name);
        }

        using (held)
        {
            var entry = await _reader.GetEntryAsync(ns, name, PorchErrors.PackageRevisionResourcesResource, cancellationToken).ConfigureAwait(false);
            var current = await _reader.ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
            RevisionValidation.CheckResourceVersion(resources.Metadata, current.Metadata, PorchErrors.PackageRevisionResourcesResource);
            if (entry.Revision.Lifecycle != PackageRevisionLifecycle.Draft)
            {
                throw PorchErrors.Engine($"cannot update a package revision with lifecycle value {PorchErrors.Quote(entry.Revision.Lifecycle.ToString())}; package must be Draft");
            }

            var draft = await entry.Repository.UpdatePackageRevisionAsync(entry.Revision, cancellationToken).ConfigureAwait(false);
            await using (draft.ConfigureAwait(false))
            {
                var files = new Dictionary<string, string>(resources.Spec.Resources, StringComparer.Ordinal);
                var render = await _render.RenderAsync(ns, name, files, cancellationToken).ConfigureAwait(false);
                var renderTask = new TaskSpec { Type = TaskType.Render };
                if (!render.Succeeded)
                {
                    if (!RenderStep.PushOnFailure(current.Metadata))
                    {
                        throw RenderStep.NotPushed(render);
                    }

                    try
                    {
                        await draft.UpdateResourcesAsync(render.Files, renderTask, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is PorchException or KrmException)
                    {
                        throw new RenderPersistException($"failed to persist resources after render failure: {ex.Message}: {render.Error}", ex);
                    }

                    IPackageRevision pushed;
                    try
                    {
                        pushed = await entry.Repository.ClosePackageRevisionDraftAsync(draft, 0, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PorchException ex)
                    {
                        throw new FunctionEvaluationException($"failed to push package to remote: {ex.Message}; render error: {render.Error}", render.Results, ex);
                    }

                    await NotifyModifiedAsync(entry, pushed, cancellationToken).ConfigureAwait(false);
                    throw RenderStep.PushedAnyway(render);
                }

                await draft.UpdateResourcesAsync(render.Files, renderTask, cancellationToken).ConfigureAwait(false);

                // The closed draft is the stored revision (still a Draft, so never the latest): no second listing.
                var closed = await CloseAsync(entry.Repository, draft, 0, cancellationToken).ConfigureAwait(false);
                var updated = await NotifyModifiedAsync(entry, closed, cancellationToken).ConfigureAwait(false);
                var result = PackageRevisionConverter.ToResources(updated, await closed.GetResourcesAsync(cancellationToken).ConfigureAwait(false));
                if (render.Results.Items.Count > 0 || render.Results.ExitCode != 0)
                {
                    result.Status.RenderStatus = new RenderStatus { Result = render.Results, Error = "" };
                }

                return result;
            }
        }
    }

    private async Task<PackageRevision> NotifyModifiedAsync(RevisionEntry entry, IPackageRevision closed, CancellationToken cancellationToken)
    {
        var updated = await _reader.ToApiAsync(entry with { Revision = closed, IsLatest = false }, cancellationToken).ConfigureAwait(false);
        _logger.PackageRevisionUpdated(entry.Namespace, entry.Name, closed.Lifecycle.ToString());
        Notify(PackageRevisionChangeType.Modified, updated);
        return updated;
    }
}
