using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Engine.Tasks;
using Porch.Engine.Watch;
using Porch.Krm;

namespace Porch.Engine;

/// <summary>Create (spec/porch-engine.md sections 3.2 and 4.1).</summary>
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

        var repositoryObject = await GetRepositoryObjectAsync(ns, repositoryName, cancellationToken).ConfigureAwait(false);
        var packageName = (packageRevision.Spec.PackageName ?? "").Trim('/');
        var workspace = packageRevision.Spec.WorkspaceName ?? "";
        ValidateCreateFields(packageRevision, repositoryName, packageName, workspace);

        RevisionEntry? parent = null;
        if (!string.IsNullOrEmpty(packageRevision.Spec.Parent?.Name))
        {
            parent = await FindEntryAsync(ns, packageRevision.Spec.Parent.Name, cancellationToken).ConfigureAwait(false)
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

    /// <summary>The API strategy's field checks, aggregated into one 422 as Kubernetes does.</summary>
    private static void ValidateCreateFields(PackageRevision pr, string repositoryName, string packageName, string workspace)
    {
        var errors = new List<FieldError>();
        if (pr.Metadata.Labels.ContainsKey(PorchApi.LatestRevisionLabel))
        {
            errors.Add(FieldError.Forbidden("metadata.labels", "label is managed by porch and cannot be set by users"));
        }

        if (PackageRevisionName.ValidateDirectoryName(packageName, mandatory: true) is { } packageError)
        {
            errors.Add(FieldError.Invalid("spec.packageName", packageName, packageError));
        }

        if (KubernetesNames.ValidateDns1123Label(workspace) is { Count: > 0 } workspaceErrors)
        {
            errors.Add(FieldError.Invalid("spec.workspaceName", workspace, string.Join(",", workspaceErrors)));
        }

        if (errors.Count > 0)
        {
            throw PorchErrors.Invalid("PackageRevision", PackageRevisionName.Compose(repositoryName, packageName, workspace), errors);
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

        IRepository repository;
        using (Step("OpenRepository"))
        {
            repository = await _cache.OpenRepositoryAsync(repositoryObject, cancellationToken).ConfigureAwait(false);
        }

        var packageKey = PackageKey.FromPackageName(repository.Key, packageName);
        if (PackageRevisionName.Validate(repositoryName, packageKey.Path, packageKey.Package, workspace) is { } nameError)
        {
            throw PorchErrors.Engine("failed to create packagerevision: " + nameError);
        }

        var existing = await repository.ListPackageRevisionsAsync(
            new PackageRevisionFilter { Namespace = ns, Repository = repositoryName }, cancellationToken).ConfigureAwait(false);
        ValidateAgainstExisting(existing, task, packageName, repositoryName, workspace);

        // Everything the draft will hold is computed first, so a failure here leaves nothing to undo.
        Dictionary<string, string> files;
        using (Step("ApplyTask")?.SetTag("porch.task", TaskTypeName(task.Type)))
        {
            files = await ApplyCreationTaskAsync(task, ns, repositoryObject, packageKey, parent, cancellationToken).ConfigureAwait(false);
        }

        KptfileEditor.Apply(files, pr.Spec.PackageMetadata, replaceMetadata: false, pr.Spec.ReadinessGates, conditions: null);
        var pushOnFailure = PushOnRenderFailure(pr.Metadata);
        var render = await RenderAsync(ns, packageKey.ObjectName, files, cancellationToken).ConfigureAwait(false);
        if (!render.Succeeded && !pushOnFailure)
        {
            throw RenderNotPushed(render);
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
        IPackageRevisionDraft draft;
        using (Step("CreateDraft"))
        {
            draft = await repository.CreatePackageRevisionDraftAsync(newRevision, cancellationToken).ConfigureAwait(false);
            await draft.UpdateResourcesAsync(render.Files, task, cancellationToken).ConfigureAwait(false);
            await draft.UpdateLifecycleAsync(lifecycle, cancellationToken).ConfigureAwait(false);
        }

        var name = newRevision.Metadata.Name;
        IPackageRevision? closed = null;
        await WithMetadataAsync(ns, name, ObjectMetaCopy.Stored(pr.Metadata, _time.GetUtcNow()), oldMeta: null, async () =>
        {
            closed = await CloseAsync(repository, draft, 0, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        var entry = new RevisionEntry(repositoryObject, repository, closed!, IsLatest: false);
        var created = await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
        _logger.PackageRevisionCreated(ns, entry.Name);
        Notify(PackageRevisionChangeType.Added, created);
        if (!render.Succeeded)
        {
            throw RenderPushedAnyway(render);
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

    /// <summary>Rules of spec section 3.2, steps 9 to 13; packages are compared by their full path (spec section 12.1 fixed).</summary>
    private static void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName, string workspace)
    {
        // Porch compares the leaf name of each revision's key with spec.packageName, so nested packages slipped past
        // these checks (spec section 12.1); the full package path is compared here, with Porch's messages.
        var ofPackage = existing.Where(r => r.Key.Package.PackagePath == packageName).ToList();
        if (ofPackage.Any(r => r.Key.WorkspaceName == workspace))
        {
            throw PorchErrors.Engine($"package revision workspaceNames must be unique; package revision with name {packageName} in repo {repositoryName} with workspaceName {workspace} already exists");
        }

        if (task.Type == TaskType.Clone && ofPackage.Count > 0)
        {
            throw PorchErrors.Engine($"`clone` cannot create a new revision for package {PorchErrors.Quote(packageName)} that already exists in repo {PorchErrors.Quote(repositoryName)}; make subsequent revisions using `copy`");
        }

        if (task.Type is TaskType.Init or TaskType.Clone)
        {
            if (ofPackage.Count > 0)
            {
                throw PorchErrors.Engine($"package {PorchErrors.Quote(packageName)} already exists in repository {PorchErrors.Quote(repositoryName)}");
            }

            foreach (var revision in existing)
            {
                var other = revision.Key.Package.PackagePath;
                if (IsNestedIn(other, packageName) || IsNestedIn(packageName, other))
                {
                    throw PorchErrors.Engine($"package path {PorchErrors.Quote(packageName)} conflicts with existing package {PorchErrors.Quote(other)}: packages cannot be nested");
                }
            }
        }

        if (task.Type == TaskType.Upgrade && task.Upgrade is { } upgrade)
        {
            foreach (var name in new[] { upgrade.OldUpstream.Name, upgrade.NewUpstream.Name, upgrade.LocalPackageRevisionRef.Name })
            {
                var found = ofPackage.FirstOrDefault(r => r.Key.ObjectName == name);
                if (found is not null && found.Lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
                {
                    throw PorchErrors.Engine($"all source PackageRevisions of upgrade task must be published, {PorchErrors.Quote(name)} is not");
                }
            }
        }
    }

    /// <summary>True when <paramref name="path"/> lies strictly below <paramref name="ancestor"/> (a <c>/</c>-prefix; equal paths do not nest).</summary>
    private static bool IsNestedIn(string path, string ancestor) =>
        path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal);

    private static bool PushOnRenderFailure(ObjectMeta metadata) =>
        metadata.Annotations.TryGetValue(PorchApi.PushOnRenderFailureAnnotation, out var v) && v == PorchApi.PushOnRenderFailureAnnotationValue;
}
