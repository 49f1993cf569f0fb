using Porch.Repository.Git.Backend;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>An adapter with its own cache folder and log collector, and helpers to open repositories and write packages.</summary>
internal sealed class GitTestContext : IAsyncDisposable
{
    private readonly List<IRepository> _open = [];

    public GitTestContext(ICredentialResolver? credentials = null, IUserInfoProvider? user = null, int retryAttempts = 3, Action<GitRepositoryOptions>? configure = null, IRepositoryBranchLock? branchLock = null)
    {
        CacheDirectory = Directory.CreateTempSubdirectory("porch-git-cache-").FullName;
        Logs = new CollectingLoggerProvider();
        var options = new GitRepositoryOptions { CacheDirectory = CacheDirectory, OperationRetryAttempts = retryAttempts, RetryDelay = TimeSpan.FromMilliseconds(10) };
        options.Backend = GitBackendUnderTest.Current;
        configure?.Invoke(options);
        Options = options;
        Adapter = new GitRepositoryAdapter(
            Microsoft.Extensions.Options.Options.Create(options),
            Logs.CreateFactory(),
            TimeProvider.System,
            credentials is null ? [] : [credentials],
            user is null ? [] : [user],
            branchLocks: branchLock is null ? [] : [branchLock]);
    }

    public string CacheDirectory { get; }

    public GitRepositoryOptions Options { get; }

    public CollectingLoggerProvider Logs { get; }

    public GitRepositoryAdapter Adapter { get; }

    public static Engine.Api.Repository Describe(string url, string name = "blueprints", string? directory = null, string branch = "main", bool createBranch = false, string? secret = null) => new()
    {
        Metadata = new ObjectMeta { Namespace = "default", Name = name },
        Spec = new RepositorySpec
        {
            Type = RepositoryType.Git,
            Git = new GitRepository { Repo = url, Directory = directory, Branch = branch, CreateBranch = createBranch, SecretRef = new SecretRef { Name = secret ?? "" } },
        },
    };

    public async Task<IRepository> OpenAsync(string url, string? directory = null, bool createBranch = false, string? secret = null, string branch = "main")
    {
        var repository = await Adapter.OpenRepositoryAsync(Describe(url, directory: directory, createBranch: createBranch, secret: secret, branch: branch));
        _open.Add(repository);
        return repository;
    }

    /// <summary>The bare mirror folders of this context's cache.</summary>
    public string[] MirrorDirectories() =>
        Directory.Exists(Path.Combine(CacheDirectory, "git")) ? Directory.GetDirectories(Path.Combine(CacheDirectory, "git")) : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var repository in _open)
        {
            await repository.DisposeAsync();
        }

        TestGit.TryDelete(CacheDirectory);
    }

    public static PackageRevision NewRevision(string packageName, string workspace, PackageRevisionLifecycle lifecycle = PackageRevisionLifecycle.Draft) => new()
    {
        Spec = new PackageRevisionSpec { PackageName = packageName, WorkspaceName = workspace, Lifecycle = lifecycle, Repository = "blueprints" },
    };

    public static TaskSpec InitTask(string packageName) =>
        new() { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = packageName + " description" } };

    public static Dictionary<string, string> PackageFiles(string name, params (string Path, string Text)[] extra)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kptfile"] = $"apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {name}\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\ninfo:\n  description: {name} description\n",
        };
        foreach (var (path, text) in extra)
        {
            files[path] = text;
        }

        return files;
    }

    /// <summary>The in-process backend of a repository opened with the LibGit2Sharp backend.</summary>
    public static LibGit2Backend LibGit2BackendOf(IRepository repository) =>
        Assert.IsType<LibGit2Backend>(Assert.IsType<GitPackageRepository>(repository).Mirror.Backend);

    /// <summary>Creates a package as the engine does: draft, init commit, close as Draft.</summary>
    public static async Task<IPackageRevision> CreateDraftAsync(IRepository repository, string packageName, string workspace, params (string Path, string Text)[] extra)
    {
        var draft = await repository.CreatePackageRevisionDraftAsync(NewRevision(packageName, workspace));
        await draft.UpdateResourcesAsync(PackageFiles(packageName.Split('/')[^1], extra), InitTask(packageName));
        return await repository.ClosePackageRevisionDraftAsync(draft, 0);
    }

    /// <summary>Moves a revision through a draft to <paramref name="lifecycle"/> (Published: with <paramref name="revision"/>).</summary>
    public static async Task<IPackageRevision> MoveAsync(IRepository repository, IPackageRevision revision, PackageRevisionLifecycle lifecycle, int number = 0)
    {
        var draft = await repository.UpdatePackageRevisionAsync(revision);
        await draft.UpdateLifecycleAsync(lifecycle);
        return await repository.ClosePackageRevisionDraftAsync(draft, number);
    }

    /// <summary>Formats a listing as sorted <c>package workspace revision lifecycle</c> lines.</summary>
    public static string[] Describe(IEnumerable<IPackageRevision> revisions) =>
        revisions.Select(r => $"{r.Key.Package.PackagePath} {r.Key.WorkspaceName} {r.Key.Revision} {r.Lifecycle}").Order(StringComparer.Ordinal).ToArray();
}
