using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Engine.Api;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace Porch.Engine.Tasks;

/// <summary>
/// The <c>clone</c> task: a new package from a registered revision or a Git URL, with its upstream set, package
/// context for a deployment repository and kpt's merge keys (spec sections 4.1 and 4.6).
/// </summary>
internal sealed class CloneTaskHandler : ICreationTaskHandler
{
    private readonly PackageRevisionReader _reader;
    private readonly IUpstreamPackageFetcher? _upstreamFetcher;
    private readonly ILogger _logger;

    public CloneTaskHandler(PackageRevisionReader reader, IEnumerable<IUpstreamPackageFetcher>? upstreamFetchers = null, ILogger<CloneTaskHandler>? logger = null)
    {
        _reader = reader;
        _upstreamFetcher = upstreamFetchers?.LastOrDefault();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public TaskType Type => TaskType.Clone;

    public void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName)
    {
        if (TaskHandlerRegistry.OfPackage(existing, packageName).Count > 0)
        {
            throw PorchErrors.Engine($"`clone` cannot create a new revision for package {PorchErrors.Quote(packageName)} that already exists in repo {PorchErrors.Quote(repositoryName)}; make subsequent revisions using `copy`");
        }

        TaskHandlerRegistry.CheckNotNested(existing, packageName);
    }

    public async Task<Dictionary<string, string>> ApplyAsync(TaskSpec task, CreationTaskContext context, CancellationToken cancellationToken)
    {
        var upstream = task.Clone?.Upstream ?? throw PorchErrors.Engine("clone not set for task of type \"clone\"");
        var packageName = context.PackageName;
        Dictionary<string, string> files;
        if (!string.IsNullOrEmpty(upstream.UpstreamRef?.Name))
        {
            var name = upstream.UpstreamRef.Name;
            var source = await _reader.FindEntryAsync(context.Namespace, name, cancellationToken).ConfigureAwait(false)
                ?? throw PorchErrors.Engine($"cannot find package revision {PorchErrors.Quote(name)}");
            if (source.IsPlaceholder)
            {
                throw PorchErrors.Engine($"upstream revision may not be the placeholder package revision {source.Key.Repository.Name}/{name}");
            }

            files = new Dictionary<string, string>(await source.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            UpstreamKptfile.SetUpstream(files, packageName, source.Revision.Lock);
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
            var fetched = await fetcher.FetchAsync(context.Namespace, git, cancellationToken).ConfigureAwait(false);
            files = new Dictionary<string, string>(fetched.Files, StringComparer.Ordinal);
            UpstreamKptfile.SetUpstream(files, packageName, new Locator
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

        if (context.RepositoryObject.Spec.Deployment)
        {
            var packagePath = context.Parent is null ? packageName : await ParentPackagePathAsync(context.Parent, packageName, cancellationToken).ConfigureAwait(false);
            PackageContextGenerator.Apply(files, packagePath);
        }

        return UpstreamKptfile.AddMergeKeys(files, packageName, _logger);
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
}
