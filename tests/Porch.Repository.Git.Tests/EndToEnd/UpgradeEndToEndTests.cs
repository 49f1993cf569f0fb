using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.Engine.Repositories;
using Porch.Krm.Merge;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.EndToEnd;

/// <summary>
/// Clone, customise and upgrade end to end on real Git: a blueprint published in repository A, cloned into deployment
/// repository B, customised and published there, then upgraded to the blueprint's next revision with each strategy.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UpgradeEndToEndTests : IAsyncLifetime
{
    private const string Ns = "default";

    private const string DeploymentV1 = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - name: web
                image: nginx:1.0 # the web server

        """;

    private const string DeploymentV2 = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            tier: frontend
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - name: web
                image: nginx:1.1 # the web server
              - name: sidecar
                image: envoy:1.0

        """;

    private const string LocalConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-only\ndata:\n  owner: team-a\n";

    private readonly string _blueprints = TestGit.InitBare();
    private readonly string _deployments = TestGit.InitBare();
    private readonly string _cache = Directory.CreateTempSubdirectory("porch-upgrade-cache-").FullName;
    private ServiceProvider _provider = null!;
    private IPorchEngine _engine = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithGitRepositories(o => { o.CacheDirectory = _cache; o.Backend = GitBackendUnderTest.Current; });
        _provider = services.BuildServiceProvider();
        var registry = _provider.GetRequiredService<RepositoryRegistry>();
        registry.AddOrUpdate(Repo("blueprints", _blueprints, deployment: false));
        registry.AddOrUpdate(Repo("deploy", _deployments, deployment: true));
        _engine = _provider.GetRequiredService<IPorchEngine>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        TestGit.TryDelete(_blueprints);
        TestGit.TryDelete(_deployments);
        TestGit.TryDelete(_cache);
    }

    [BackendFact]
    public async Task BlueprintClonedCustomisedAndUpgraded_EachStrategy_GivesKptResults()
    {
        var (v1, v2) = await PublishBlueprintAsync();
        var local = await CustomisedCloneAsync(v1);

        // resource-merge: the local replicas survive, the upstream image, label and container arrive.
        var merged = await UpgradeAsync("merge", v1, v2, local, null);
        Assert.Equal(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: # kpt-merge: /web\n  name: web\n  annotations:\n    internal.kpt.dev/upstream-identifier: 'apps|Deployment|default|web'\n  labels:\n    tier: frontend\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.1 # the web server\n      - image: envoy:1.0\n        name: sidecar\n",
            merged["deployment.yaml"]);
        Assert.Contains("  owner: team-a\n", merged["local.yaml"], StringComparison.Ordinal);
        Assert.Contains("  name: web\n", merged["package-context.yaml"], StringComparison.Ordinal);
        var kptfile = Kptfile.Parse(merged["Kptfile"]);
        Assert.Equal("web", kptfile.Name);
        Assert.Equal("web/v2", kptfile.Upstream!.Git!.Ref);
        Assert.Equal("web", kptfile.UpstreamLock!.Git!.Directory);
        Assert.Equal(TestGit.Run(_blueprints, "rev-parse", "refs/tags/web/v2").Trim(), kptfile.UpstreamLock.Git.Commit);

        // fast-forward refuses: the clone added merge keys and the local edits changed files.
        var refused = await Assert.ThrowsAsync<PackageValidationException>(() => UpgradeAsync("ff", v1, v2, local, PackageMergeStrategy.FastForward));
        Assert.Equal(
            "error updating the package \"web\" to revision \"blueprints.web.v2\": local package files have been modified: [Kptfile deployment.yaml local.yaml package-context.yaml].\n  use a different update --strategy.",
            refused.Message);

        // force-delete-replace: the new upstream's files only, under the local name.
        var replaced = await UpgradeAsync("replace", v1, v2, local, PackageMergeStrategy.ForceDeleteReplace);
        Assert.DoesNotContain("local.yaml", replaced.Keys);
        Assert.Contains("  replicas: 1\n", replaced["deployment.yaml"], StringComparison.Ordinal);
        Assert.Equal("web", Kptfile.Parse(replaced["Kptfile"]).Name);

        // copy-merge: upstream files copied over, local-only files kept.
        var copied = await UpgradeAsync("copy", v1, v2, local, PackageMergeStrategy.CopyMerge);
        Assert.Contains("  owner: team-a\n", copied["local.yaml"], StringComparison.Ordinal);
        Assert.Contains("  replicas: 1\n", copied["deployment.yaml"], StringComparison.Ordinal);
        Assert.Contains("tier: frontend", copied["deployment.yaml"], StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task CloneFromGitUrl_DirectoryAndRef_FetchesPackageAndLocksCommit()
    {
        await PublishBlueprintAsync();

        var pr = await _engine.CreatePackageRevisionAsync(Revision("direct", "v1", new TaskSpec
        {
            Type = TaskType.Clone,
            Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { Git = new GitPackage { Repo = _blueprints, Ref = "v1", Directory = "/web" } } },
        }));

        var files = (await _engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!)).Spec.Resources;
        Assert.Contains("image: nginx:1.0 # the web server", files["deployment.yaml"], StringComparison.Ordinal);
        var kptfile = Kptfile.Parse(files["Kptfile"]);
        Assert.Equal("direct", kptfile.Name);
        Assert.Equal(_blueprints + ".git", kptfile.UpstreamLock!.Git!.Repo);
        Assert.Equal("web", kptfile.UpstreamLock.Git.Directory);
        Assert.Equal("v1", kptfile.UpstreamLock.Git.Ref);
        Assert.Equal(TestGit.Run(_blueprints, "rev-parse", "refs/tags/web/v1").Trim(), kptfile.UpstreamLock.Git.Commit);
        Assert.Contains("  name: direct\n", files["package-context.yaml"], StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<PackageValidationException>(() => _engine.CreatePackageRevisionAsync(Revision("other", "v1", new TaskSpec
        {
            Type = TaskType.Clone,
            Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { Git = new GitPackage { Repo = _blueprints, Ref = "v9", Directory = "web" } } },
        })));
        Assert.Equal("cannot find package web@v9", missing.Message);
    }

    private async Task<(string V1, string V2)> PublishBlueprintAsync()
    {
        var v1 = await _engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = Ns },
            Spec = new PackageRevisionSpec { Repository = "blueprints", PackageName = "web", WorkspaceName = "v1" },
        });
        await _engine.EditResourcesAsync(Ns, v1.Metadata.Name!, f => f["deployment.yaml"] = DeploymentV1);
        await PublishAsync(v1.Metadata.Name!);
        var v2 = await _engine.CopyAsync(Ns, v1.Metadata.Name!, "v2");
        await _engine.EditResourcesAsync(Ns, v2.Metadata.Name!, f => f["deployment.yaml"] = DeploymentV2);
        await PublishAsync(v2.Metadata.Name!);
        return (v1.Metadata.Name!, v2.Metadata.Name!);
    }

    private async Task<string> CustomisedCloneAsync(string upstream)
    {
        var clone = await _engine.CreatePackageRevisionAsync(Revision("web", "v1", new TaskSpec
        {
            Type = TaskType.Clone,
            Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { UpstreamRef = new PackageRevisionRef { Name = upstream } } },
        }));
        await _engine.EditResourcesAsync(Ns, clone.Metadata.Name!, f =>
        {
            f["deployment.yaml"] = f["deployment.yaml"].Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal);
            f["local.yaml"] = LocalConfigMap;
        });
        await PublishAsync(clone.Metadata.Name!);
        return clone.Metadata.Name!;
    }

    private async Task<IDictionary<string, string>> UpgradeAsync(string workspace, string oldRef, string newRef, string localRef, PackageMergeStrategy? strategy)
    {
        var pr = await _engine.CreatePackageRevisionAsync(Revision("web", workspace, new TaskSpec
        {
            Type = TaskType.Upgrade,
            Upgrade = new PackageUpgradeTaskSpec
            {
                OldUpstream = new PackageRevisionRef { Name = oldRef },
                NewUpstream = new PackageRevisionRef { Name = newRef },
                LocalPackageRevisionRef = new PackageRevisionRef { Name = localRef },
                Strategy = strategy,
            },
        }));
        return (await _engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!)).Spec.Resources;
    }

    private async Task PublishAsync(string name)
    {
        await _engine.ProposeAsync(Ns, name);
        await _engine.ApproveAsync(Ns, name);
    }

    private static PackageRevision Revision(string package, string workspace, TaskSpec task) => new()
    {
        Metadata = new ObjectMeta { Namespace = Ns },
        Spec = new PackageRevisionSpec { Repository = "deploy", PackageName = package, WorkspaceName = workspace, Tasks = [task] },
    };

    private static Porch.Engine.Api.Repository Repo(string name, string url, bool deployment) => new()
    {
        Metadata = new ObjectMeta { Namespace = Ns, Name = name },
        Spec = new RepositorySpec { Type = RepositoryType.Git, Deployment = deployment, Git = new GitRepository { Repo = url, Branch = "main", CreateBranch = true } },
    };
}
