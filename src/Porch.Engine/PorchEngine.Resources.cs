using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Internal;
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
        var (ns, name) = RequireNamespaceAndName(resources.Metadata);
        PackagePath.ValidateAll(resources.Spec.Resources.Keys);

        if (!_locks.TryAcquire((ns, name), out var held))
        {
            throw PorchErrors.ResourcesUpdateInProgress(ns, name);
        }

        using (held)
        {
            var entry = await GetEntryAsync(ns, name, PorchErrors.PackageRevisionResourcesResource, cancellationToken).ConfigureAwait(false);
            var current = await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
            CheckResourceVersion(resources.Metadata, current.Metadata, PorchErrors.PackageRevisionResourcesResource);
            if (entry.Revision.Lifecycle != PackageRevisionLifecycle.Draft)
            {
                throw PorchErrors.Engine($"cannot update a package revision with lifecycle value {PorchErrors.Quote(entry.Revision.Lifecycle.ToString())}; package must be Draft");
            }

            var draft = await entry.Repository.UpdatePackageRevisionAsync(entry.Revision, cancellationToken).ConfigureAwait(false);
            var files = new Dictionary<string, string>(resources.Spec.Resources, StringComparer.Ordinal);
            var render = await RenderAsync(ns, name, files, cancellationToken).ConfigureAwait(false);
            var renderTask = new TaskSpec { Type = TaskType.Render };
            if (!render.Succeeded)
            {
                if (!PushOnRenderFailure(current.Metadata))
                {
                    throw RenderNotPushed(render);
                }

                try
                {
                    await draft.UpdateResourcesAsync(render.Files, renderTask, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is PorchException or KrmException)
                {
                    throw new RenderPersistException($"failed to persist resources after render failure: {ex.Message}: {render.Error}", ex);
                }

                try
                {
                    await entry.Repository.ClosePackageRevisionDraftAsync(draft, 0, cancellationToken).ConfigureAwait(false);
                }
                catch (PorchException ex)
                {
                    throw new FunctionEvaluationException($"failed to push package to remote: {ex.Message}; render error: {render.Error}", render.Results, ex);
                }

                await NotifyModifiedAsync(ns, name, cancellationToken).ConfigureAwait(false);
                throw RenderPushedAnyway(render);
            }

            await draft.UpdateResourcesAsync(render.Files, renderTask, cancellationToken).ConfigureAwait(false);
            await CloseAsync(entry.Repository, draft, 0, cancellationToken).ConfigureAwait(false);
            var updated = await NotifyModifiedAsync(ns, name, cancellationToken).ConfigureAwait(false);
            var updatedEntry = await GetEntryAsync(ns, name, PorchErrors.PackageRevisionResourcesResource, cancellationToken).ConfigureAwait(false);
            var result = PackageRevisionConverter.ToResources(updated, await updatedEntry.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false));
            if (render.Results.Items.Count > 0 || render.Results.ExitCode != 0)
            {
                result.Status.RenderStatus = new RenderStatus { Result = render.Results, Error = "" };
            }

            return result;
        }
    }

    private async Task<PackageRevision> NotifyModifiedAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var entry = await GetEntryAsync(ns, name, PorchErrors.PackageRevisionsResource, cancellationToken).ConfigureAwait(false);
        var updated = await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
        _logger.PackageRevisionUpdated(ns, name, entry.Revision.Lifecycle.ToString());
        Notify(PackageRevisionChangeType.Modified, updated);
        return updated;
    }
}
