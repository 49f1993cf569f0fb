using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Engine.Tasks;
using Porch.Engine.Watch;

namespace Porch.Engine;

/// <summary>Create (spec sections 3.2 and 4.1).</summary>
internal sealed partial class PorchEngine
{
    public async Task<PackageRevision> CreatePackageRevisionAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        var ns = packageRevision.Metadata.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            throw PorchErrors.NamespaceRequired();
        }

        var repositoryName = packageRevision.Spec.Repository;
        if (string.IsNullOrEmpty(repositoryName))
        {
            throw PorchErrors.RepositoryRequired();
        }

        var repositoryObject = await _reader.GetRepositoryObjectAsync(ns, repositoryName, cancellationToken).ConfigureAwait(false);
        var packageName = (packageRevision.Spec.PackageName ?? "").Trim('/');
        var workspace = packageRevision.Spec.WorkspaceName ?? "";
        RevisionValidation.ValidateCreateFields(packageRevision, repositoryName, packageName, workspace);

        RevisionEntry? parent = null;
        if (!string.IsNullOrEmpty(packageRevision.Spec.Parent?.Name))
        {
            parent = await _reader.FindEntryAsync(ns, packageRevision.Spec.Parent.Name, cancellationToken).ConfigureAwait(false)
                ?? throw PorchErrors.Engine($"cannot get parent package {PorchErrors.Quote(packageRevision.Spec.Parent.Name)}: {PorchErrors.NotFound(PorchErrors.PackageRevisionsResource, packageRevision.Spec.Parent.Name).Message}");
        }

        if (!_createLocks.TryAcquire((ns, repositoryName, packageName, workspace), out var held))
        {
            throw PorchErrors.CreateInProgress(ns, repositoryName, packageName, workspace);
        }

        using (held)
        {
            return await CreateLockedAsync(packageRevision, repositoryObject, packageName, workspace, parent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PackageRevision> CreateLockedAsync(
        PackageRevision pr,
        Repository repositoryObject,
        string packageName,
        string workspace,
        RevisionEntry? parent,
        CancellationToken cancellationToken)
    {
        var ns = pr.Metadata.Namespace!;
        var repositoryName = repositoryObject.Metadata.Name!;
        var task = CreationTask(pr.Spec.Tasks, packageName);
        var lifecycle = pr.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        if (lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed)
        {
            throw PorchErrors.Engine("cannot create a package revision with lifecycle value 'Final'");
        }

        var repository = await _reader.OpenRepositoryAsync(repositoryObject, cancellationToken).ConfigureAwait(false);
        var packageKey = PackageKey.FromPackageName(repository.Key, packageName);
        if (PackageRevisionName.Validate(repositoryName, packageKey.Path, packageKey.Package, workspace) is { } nameError)
        {
            throw PorchErrors.Engine("failed to create packagerevision: " + nameError);
        }

        var existing = await repository.ListPackageRevisionsAsync(
            new PackageRevisionFilter { Namespace = ns, Repository = repositoryName }, cancellationToken).ConfigureAwait(false);
        _tasks.ValidateAgainstExisting(existing, task, packageName, repositoryName, workspace);

        // Everything the draft will hold is computed first, so a failure here leaves nothing to undo.
        Dictionary<string, string> files;
        using (Step("ApplyTask")?.SetTag("porch.task", TaskHandlerRegistry.TypeName(task.Type)))
        {
            files = await _tasks.ApplyAsync(task, new CreationTaskContext(ns, repositoryObject, packageKey, parent), cancellationToken).ConfigureAwait(false);
        }

        KptfileEditor.Apply(files, pr.Spec.PackageMetadata, replaceMetadata: false, pr.Spec.ReadinessGates, conditions: null);
        var pushOnFailure = RenderStep.PushOnFailure(pr.Metadata);
        var render = await _render.RenderAsync(ns, packageKey.ObjectName, files, cancellationToken).ConfigureAwait(false);
        if (!render.Succeeded && !pushOnFailure)
        {
            throw RenderStep.NotPushed(render);
        }

        var newRevision = new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = PackageRevisionName.Compose(repositoryName, packageName, workspace) },
            Spec = new PackageRevisionSpec
            {
                PackageName = packageName,
                Repository = repositoryName,
                WorkspaceName = workspace,
                Lifecycle = lifecycle,
                Tasks = [task],
            },
        };
        IPackageRevision closed;
        IPackageRevisionDraft? draft = null;
        try
        {
            using (Step("CreateDraft"))
            {
                draft = await repository.CreatePackageRevisionDraftAsync(newRevision, cancellationToken).ConfigureAwait(false);
                await draft.UpdateResourcesAsync(render.Files, task, cancellationToken).ConfigureAwait(false);
                await draft.UpdateLifecycleAsync(lifecycle, cancellationToken).ConfigureAwait(false);
            }

            var open = draft;
            closed = await CloseWithMetadataAsync(
                repository,
                open,
                0,
                ns,
                newRevision.Metadata.Name,
                ObjectMetaCopy.Stored(pr.Metadata, _metadata.Now),
                oldMeta: null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Closed or abandoned (a failed update, a conflict, a cancellation), the draft releases what it wrote.
            if (draft is not null)
            {
                await draft.DisposeAsync().ConfigureAwait(false);
            }
        }
        var entry = new RevisionEntry(repositoryObject, repository, closed, IsLatest: false);
        var created = await _reader.ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
        _logger.PackageRevisionCreated(ns, entry.Name);
        Notify(PackageRevisionChangeType.Added, created);
        if (!render.Succeeded)
        {
            throw RenderStep.PushedAnyway(render);
        }

        return created;
    }

    private static TaskSpec CreationTask(IReadOnlyList<TaskSpec> tasks, string packageName)
    {
        if (tasks.Count > 1)
        {
            throw PorchErrors.Engine("task list must not contain more than one task");
        }

        if (tasks.Count == 0)
        {
            return new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = packageName + " description" } };
        }

        return tasks[0];
    }
}
