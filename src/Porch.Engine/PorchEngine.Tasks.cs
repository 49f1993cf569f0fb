using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Internal;
using Porch.Engine.Krm;
using Porch.Engine.Rendering;
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

                throw PorchErrors.Engine("task of type \"upgrade\" needs kpt's three-way package merge, which this version of the engine does not provide");

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
        else if (upstream.Git is not null)
        {
            throw PorchErrors.Engine("clone from a git URL is not available in this engine version; register the upstream repository and clone from its package revision (upstreamRef)");
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

        return files;
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
        var git = selfLock.Git ?? new GitLock();
        var upstream = YamlNode.Mapping();
        upstream.SetString("type", "git");
        var upstreamGit = upstream.GetOrAddMapping("git");
        upstreamGit.SetString("repo", git.Repo ?? "");
        upstreamGit.SetString("directory", git.Directory ?? "");
        upstreamGit.SetString("ref", git.Ref ?? "");
        upstream.SetString("updateStrategy", "resource-merge");
        kptfile.SetNode(upstream, "upstream");
        var upstreamLock = YamlNode.Mapping();
        upstreamLock.SetString("type", "git");
        var lockGit = upstreamLock.GetOrAddMapping("git");
        lockGit.SetString("repo", git.Repo ?? "");
        lockGit.SetString("directory", git.Directory ?? "");
        lockGit.SetString("ref", git.Ref ?? "");
        lockGit.SetString("commit", git.Commit ?? "");
        kptfile.SetNode(upstreamLock, "upstreamLock");
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
