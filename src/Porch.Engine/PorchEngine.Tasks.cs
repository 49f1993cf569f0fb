using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Internal;
using Porch.Engine.Diagnostics;
using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Merge;
using Porch.Krm.Rendering;
using Porch.Engine.Repositories;
using Porch.Engine.Tasks;

namespace Porch.Engine;

/// <summary>The creating task of a new revision: init, clone, copy (edit), upgrade (spec section 4.6).</summary>
internal sealed partial class PorchEngine
{
    private const string RenderNotPushedText = "error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally (until 'kpt fn render' succeeds) and retry. Details: ";

    private async Task<Dictionary<string, string>> ApplyCreationTaskAsync(
        TaskSpec task,
        string ns,
        Repository repositoryObject,
        PackageKey packageKey,
        RevisionEntry? parent,
        CancellationToken cancellationToken)
    {
        var packageName = packageKey.PackagePath;
        switch (task.Type)
        {
            case TaskType.Init:
                if (task.Init is null)
                {
                    throw PorchErrors.Engine("init not set for task of type \"init\"");
                }

                return PackageInitializer.Apply(packageName, task.Init, new Dictionary<string, string>());

            case TaskType.Clone:
                if (task.Clone is null)
                {
                    throw PorchErrors.Engine("clone not set for task of type \"clone\"");
                }

                return await CloneAsync(task.Clone.Upstream, ns, repositoryObject, packageName, parent, cancellationToken).ConfigureAwait(false);

            case TaskType.Edit:
                if (task.Edit is null)
                {
                    throw PorchErrors.Engine("edit not set for task of type \"edit\"");
                }

                return await CopyAsync(task.Edit, ns, packageKey, cancellationToken).ConfigureAwait(false);

            case TaskType.Upgrade:
                if (task.Upgrade is null)
                {
                    throw PorchErrors.Engine("upgrade field not set for task of type \"upgrade\"");
                }

                return await UpgradeAsync(task.Upgrade, ns, packageName, cancellationToken).ConfigureAwait(false);

            default:
                throw PorchErrors.Engine($"task of type {PorchErrors.Quote(TaskTypeName(task.Type))} not supported");
        }
    }

    private async Task<Dictionary<string, string>> CloneAsync(
        UpstreamPackage upstream,
        string ns,
        Repository repositoryObject,
        string packageName,
        RevisionEntry? parent,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string> files;
        if (!string.IsNullOrEmpty(upstream.UpstreamRef?.Name))
        {
            var name = upstream.UpstreamRef.Name;
            var source = await FindEntryAsync(ns, name, cancellationToken).ConfigureAwait(false)
                ?? throw PorchErrors.Engine($"cannot find package revision {PorchErrors.Quote(name)}");
            if (source.IsPlaceholder)
            {
                throw PorchErrors.Engine($"upstream revision may not be the placeholder package revision {source.Key.Repository.Name}/{name}");
            }

            files = new Dictionary<string, string>(await source.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            SetUpstream(files, packageName, source.Revision.Lock);
        }
        else if (upstream.Git is { } git)
        {
            // Refused before anything runs: the address, ref and directory reach a git process.
            if (GitAddressRules.Validate(git) is { Count: > 0 } invalid)
            {
                throw PorchErrors.Engine(string.Join("; ", invalid));
            }

            var fetcher = _upstreamFetcher
                ?? throw PorchErrors.Engine("clone from a git repository needs an upstream package fetcher; register one (WithGitRepositories() does)");
            var fetched = await fetcher.FetchAsync(ns, git, cancellationToken).ConfigureAwait(false);
            files = new Dictionary<string, string>(fetched.Files, StringComparer.Ordinal);
            SetUpstream(files, packageName, new Locator
            {
                Type = "git",
                Git = new GitLock { Repo = git.Repo, Directory = git.Directory, Ref = git.Ref, Commit = fetched.Commit },
            });
        }
        else if (upstream.Oci is not null)
        {
            throw PorchErrors.Engine("clone from OCI is not implemented");
        }
        else
        {
            throw PorchErrors.Engine("invalid clone source (neither of git, oci, nor upstream were specified)");
        }

        if (repositoryObject.Spec.Deployment)
        {
            var packagePath = parent is null ? packageName : await ParentPackagePathAsync(parent, packageName, cancellationToken).ConfigureAwait(false);
            PackageContextGenerator.Apply(files, packagePath);
        }

        return AddMergeKeys(files, packageName);
    }

    /// <summary>The upgrade task (spec section 4.6): kpt's update of the local revision from the old to the new upstream.</summary>
    private async Task<Dictionary<string, string>> UpgradeAsync(PackageUpgradeTaskSpec upgrade, string ns, string packageName, CancellationToken cancellationToken)
    {
        var oldName = upgrade.OldUpstream.Name ?? "";
        var newName = upgrade.NewUpstream.Name ?? "";
        var localName = upgrade.LocalPackageRevisionRef.Name ?? "";
        var oldUpstream = await FindEntryAsync(ns, oldName, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"error fetching the resources for package {PorchErrors.Quote(packageName)} with ref {{Name:{oldName}}}: cannot find package revision {PorchErrors.Quote(oldName)}");
        var newUpstream = await FindEntryAsync(ns, newName, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"error fetching revision for target upstream {PorchErrors.Quote(newName)}: cannot find package revision {PorchErrors.Quote(newName)}");
        if (newUpstream.IsPlaceholder)
        {
            throw PorchErrors.Engine($"target upstream revision may not be the placeholder package revision {newUpstream.Key.Repository.Name}/{newName}");
        }

        var local = await FindEntryAsync(ns, localName, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"error fetching resources for local revision {PorchErrors.Quote(localName)}: cannot find package revision {PorchErrors.Quote(localName)}");
        if (local.IsPlaceholder)
        {
            throw PorchErrors.Engine($"source revision may not be the placeholder package revision {local.Key.Repository.Name}/{localName}");
        }

        foreach (var entry in new[] { oldUpstream, newUpstream, local })
        {
            if (!entry.IsPublished)
            {
                throw PorchErrors.Engine($"all source PackageRevisions of upgrade task must be published, {PorchErrors.Quote(entry.Name)} is not");
            }
        }

        var original = await oldUpstream.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        var updated = await newUpstream.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        var localFiles = await local.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, string> merged;
        try
        {
            merged = KptPackageUpdater.Update(localFiles, original, updated, upgrade.Strategy ?? PackageMergeStrategy.ResourceMerge);
        }
        catch (Exception ex) when (ex is PackageMergeException or KrmYamlException)
        {
            throw PorchErrors.Engine($"error updating the package {PorchErrors.Quote(packageName)} to revision {PorchErrors.Quote(newName)}: {ex.Message}", ex);
        }

        var files = new Dictionary<string, string>(merged, StringComparer.Ordinal);
        if (!files.TryGetValue(Kptfile.FileName, out var kptfileText))
        {
            throw PorchErrors.Engine("package must contain Kptfile at root");
        }

        var kptfile = Kptfile.Parse(kptfileText);
        var (upstreamRef, upstreamLock) = UpstreamOf(newUpstream.Revision.Lock);
        kptfile.Upstream = upstreamRef;
        kptfile.UpstreamLock = upstreamLock;
        files[Kptfile.FileName] = kptfile.ToYaml();
        return AddMergeKeys(files, packageName);
    }

    /// <summary>kpt's merge-key pass; like Porch, a failure is only logged.</summary>
    private Dictionary<string, string> AddMergeKeys(Dictionary<string, string> files, string packageName)
    {
        try
        {
            return new Dictionary<string, string>(MergeKeys.Add(files), StringComparer.Ordinal);
        }
        catch (KrmYamlException ex)
        {
            _logger.MergeKeysFailed(packageName, ex.Message);
            return files;
        }
    }

    /// <summary><c>upstream</c> and <c>upstreamLock</c> from a revision's self lock, normalised as kpt writes them (spec section 1.6).</summary>
    private static (KptUpstream Upstream, KptUpstreamLock Lock) UpstreamOf(Locator selfLock)
    {
        var git = selfLock.Git ?? new GitLock();
        var repo = git.Repo ?? "";
        if (repo.Length > 0 && !repo.EndsWith(".git", StringComparison.Ordinal))
        {
            repo += ".git";
        }

        var directory = (git.Directory ?? "").TrimStart('/');
        var upstream = new KptUpstream
        {
            Type = "git",
            Git = new KptGitReference { Repo = repo, Directory = directory, Ref = git.Ref ?? "" },
            UpdateStrategy = "resource-merge",
        };
        var upstreamLock = new KptUpstreamLock
        {
            Type = "git",
            Git = new KptGitReference { Repo = repo, Directory = directory, Ref = git.Ref ?? "", Commit = git.Commit ?? "" },
        };
        return (upstream, upstreamLock);
    }

    /// <summary><c>[&lt;parent's package-path&gt;/]&lt;parent packageName&gt;/&lt;packageName&gt;</c> (spec section 4.1).</summary>
    private static async Task<string> ParentPackagePathAsync(RevisionEntry parent, string packageName, CancellationToken cancellationToken)
    {
        var files = await parent.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        var contexts = new List<YamlNode>();
        foreach (var (path, text) in files)
        {
            if (PackageResources.IsResourceFile(path) && text.Contains(PackageContextGenerator.ContextName, StringComparison.Ordinal))
            {
                contexts.AddRange(KrmYaml.ReadDocuments(text, path).Select(d => d.Root).Where(PackageContextGenerator.IsContext));
            }
        }

        if (contexts.Count > 1)
        {
            throw PorchErrors.Engine($"multiple {PackageContextGenerator.ContextName} ConfigMaps found in package {PorchErrors.Quote(parent.Name)}");
        }

        var parentPath = contexts.Count == 1 ? contexts[0].Get("data")?.Get("package-path")?.Value : null;
        var prefix = string.IsNullOrEmpty(parentPath) ? "" : parentPath + "/";
        return prefix + parent.Key.Package.PackagePath + "/" + packageName;
    }

    private static void SetUpstream(Dictionary<string, string> files, string packageName, Locator selfLock)
    {
        if (!files.TryGetValue(Kptfile.FileName, out var text))
        {
            throw PorchErrors.Engine("package must contain Kptfile at root");
        }

        var kptfile = KubeObject.Parse(text, Kptfile.FileName);
        kptfile.SetString(packageName, "metadata", "name");
        var (upstreamRef, upstreamLock) = UpstreamOf(selfLock);
        var upstream = YamlNode.Mapping();
        upstream.SetString("type", "git");
        var upstreamGit = upstream.GetOrAddMapping("git");
        upstreamGit.SetString("repo", upstreamRef.Git!.Repo!);
        upstreamGit.SetString("directory", upstreamRef.Git.Directory!);
        upstreamGit.SetString("ref", upstreamRef.Git.Ref!);
        upstream.SetString("updateStrategy", "resource-merge");
        kptfile.SetNode(upstream, "upstream");
        var lockNode = YamlNode.Mapping();
        lockNode.SetString("type", "git");
        var lockGit = lockNode.GetOrAddMapping("git");
        lockGit.SetString("repo", upstreamLock.Git!.Repo!);
        lockGit.SetString("directory", upstreamLock.Git.Directory!);
        lockGit.SetString("ref", upstreamLock.Git.Ref!);
        lockGit.SetString("commit", upstreamLock.Git.Commit!);
        kptfile.SetNode(lockNode, "upstreamLock");
        files[Kptfile.FileName] = kptfile.ToYaml();
    }

    private async Task<Dictionary<string, string>> CopyAsync(PackageEditTaskSpec edit, string ns, PackageKey packageKey, CancellationToken cancellationToken)
    {
        var name = edit.SourceRef?.Name ?? "";
        var source = await FindEntryAsync(ns, name, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"cannot find package revision {PorchErrors.Quote(name)}");
        if (source.Key.Repository.Name != packageKey.Repository.Name || source.Key.Package.PackagePath != packageKey.PackagePath)
        {
            throw PorchErrors.Engine($"source revision must be from same package {packageKey.Repository.Name}/{packageKey.PackagePath}");
        }

        if (source.IsPlaceholder)
        {
            throw PorchErrors.Engine($"source revision may not be the placeholder package revision {source.Key.Repository.Name}/{name}");
        }

        if (!source.IsPublished)
        {
            throw PorchErrors.Engine("source revision must be published");
        }

        return new Dictionary<string, string>(await source.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
    }

    private static FunctionEvaluationException RenderNotPushed(PackageRenderResult render) =>
        new(RenderNotPushedText + render.Error, render.Results);

    private static FunctionEvaluationException RenderPushedAnyway(PackageRenderResult render) =>
        new("error rendering package in kpt function pipeline. Package pushed to remote despite render failure. Details: " + render.Error, render.Results);

    private static string TaskTypeName(TaskType type) => type switch
    {
        TaskType.Init => "init",
        TaskType.Clone => "clone",
        TaskType.Edit => "edit",
        TaskType.Upgrade => "upgrade",
        TaskType.Render => "render",
        TaskType.Push => "push",
        _ => type.ToString(),
    };
}
