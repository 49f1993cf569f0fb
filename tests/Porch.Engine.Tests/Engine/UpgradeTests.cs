using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.Krm.Merge;

namespace Porch.Engine.Tests.Engine;

/// <summary>The upgrade task and clone's merge keys on the in-memory repository: Porch's rules and messages, kpt's merge.</summary>
public sealed class UpgradeTests
{
    private const string Ns = EngineContext.Ns;

    internal const string DeploymentV1 = """
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

    internal const string DeploymentV2 = """
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

    [Fact]
    public async Task Clone_AddsMergeKeysAsPorchDoes()
    {
        await using var ctx = EngineContext.Create();
        var (v1, _) = await BlueprintAsync(ctx);
        var deploy = ctx.Harness.AddRepository("deploy");

        var clone = await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("web", "v1", deploy.Metadata.Name!, CreateTests.Clone(v1)));

        var files = await FilesAsync(ctx, clone.Metadata.Name!);
        Assert.Equal(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: # kpt-merge: /web\n  name: web\n  annotations:\n    internal.kpt.dev/upstream-identifier: 'apps|Deployment|default|web'\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.0 # the web server\n",
            files["deployment.yaml"]);
        var kptfile = KubeObject.Parse(files["Kptfile"]);
        Assert.Equal("kpt.dev|Kptfile|default|web", kptfile.GetAnnotation("internal.kpt.dev/upstream-identifier"));
    }

    [Fact]
    public async Task Upgrade_ResourceMerge_KeepsLocalEditsTakesUpstreamChangesAndMovesUpstream()
    {
        await using var ctx = EngineContext.Create();
        var (v1, v2) = await BlueprintAsync(ctx);
        var local = await CustomisedCloneAsync(ctx, v1);

        var upgraded = await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("web", "v2", "deploy", Upgrade(v1, v2, local)));

        var files = await FilesAsync(ctx, upgraded.Metadata.Name!);
        Assert.Equal(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: # kpt-merge: /web\n  name: web\n  annotations:\n    internal.kpt.dev/upstream-identifier: 'apps|Deployment|default|web'\n  labels:\n    tier: frontend\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.1 # the web server\n      - image: envoy:1.0\n        name: sidecar\n",
            files["deployment.yaml"]);
        Assert.Equal(LocalConfigMapWithMergeKey, files["local.yaml"]);
        var kptfile = Kptfile.Parse(files["Kptfile"]);
        Assert.Equal("web", kptfile.Name);
        Assert.Equal("web/v2", kptfile.Upstream!.Git!.Ref);
        Assert.Equal("web/v2", kptfile.UpstreamLock!.Git!.Ref);
        Assert.Equal("web", kptfile.UpstreamLock.Git.Directory);
        Assert.Equal(upgraded.Status.UpstreamLock!.Git!.Commit, kptfile.UpstreamLock.Git.Commit);
        Assert.Equal(TaskType.Upgrade, Assert.Single(upgraded.Spec.Tasks).Type);
    }

    [Fact]
    public async Task Upgrade_FastForwardWithLocalChanges_FailsWithKptMessage()
    {
        await using var ctx = EngineContext.Create();
        var (v1, v2) = await BlueprintAsync(ctx);
        var local = await CustomisedCloneAsync(ctx, v1);

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(
            EngineContext.NewRevision("web", "v2", "deploy", Upgrade(v1, v2, local, PackageMergeStrategy.FastForward))));

        Assert.Equal(
            "error updating the package \"web\" to revision \"blueprints.web.v2\": local package files have been modified: [Kptfile deployment.yaml local.yaml package-context.yaml].\n  use a different update --strategy.",
            ex.Message);
    }

    [Fact]
    public async Task Upgrade_ForceDeleteReplace_TakesUpstreamFilesAndKeepsLocalName()
    {
        await using var ctx = EngineContext.Create();
        var (v1, v2) = await BlueprintAsync(ctx);
        var local = await CustomisedCloneAsync(ctx, v1);

        var upgraded = await ctx.Engine.CreatePackageRevisionAsync(
            EngineContext.NewRevision("web", "v2", "deploy", Upgrade(v1, v2, local, PackageMergeStrategy.ForceDeleteReplace)));

        var files = await FilesAsync(ctx, upgraded.Metadata.Name!);
        Assert.DoesNotContain("local.yaml", files.Keys);
        Assert.Contains("replicas: 1\n", files["deployment.yaml"], StringComparison.Ordinal);
        Assert.Contains("image: nginx:1.1 # the web server\n", files["deployment.yaml"], StringComparison.Ordinal);
        Assert.Equal("web", Kptfile.Parse(files["Kptfile"]).Name);
    }

    [Fact]
    public async Task Upgrade_CopyMerge_CopiesUpstreamFilesOverLocalAndKeepsLocalOnlyFiles()
    {
        await using var ctx = EngineContext.Create();
        var (v1, v2) = await BlueprintAsync(ctx);
        var local = await CustomisedCloneAsync(ctx, v1);

        var upgraded = await ctx.Engine.CreatePackageRevisionAsync(
            EngineContext.NewRevision("web", "v2", "deploy", Upgrade(v1, v2, local, PackageMergeStrategy.CopyMerge)));

        var files = await FilesAsync(ctx, upgraded.Metadata.Name!);
        Assert.Equal(LocalConfigMapWithMergeKey, files["local.yaml"]);
        Assert.Contains("replicas: 1\n", files["deployment.yaml"], StringComparison.Ordinal);
        Assert.Contains("tier: frontend", files["deployment.yaml"], StringComparison.Ordinal);
        Assert.Equal("web/v2", Kptfile.Parse(files["Kptfile"]).Upstream!.Git!.Ref);
    }

    [Fact]
    public async Task Upgrade_PlaceholderAndUnpublishedSources_FailWithPorchMessages()
    {
        await using var ctx = EngineContext.Create();
        var (v1, v2) = await BlueprintAsync(ctx);
        var local = await CustomisedCloneAsync(ctx, v1);
        var draft = await ctx.Engine.CopyAsync(Ns, v2, "v3");

        async Task<string> FailAsync(string oldRef, string newRef, string localRef) =>
            (await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(
                EngineContext.NewRevision("web", "v2", "deploy", Upgrade(oldRef, newRef, localRef))))).Message;

        Assert.Equal("target upstream revision may not be the placeholder package revision blueprints/blueprints.web.main", await FailAsync(v1, "blueprints.web.main", local));
        Assert.Equal("source revision may not be the placeholder package revision deploy/deploy.web.main", await FailAsync(v1, v2, "deploy.web.main"));
        Assert.Equal($"all source PackageRevisions of upgrade task must be published, \"{draft.Metadata.Name}\" is not", await FailAsync(v1, draft.Metadata.Name!, local));
        Assert.Equal("error fetching revision for target upstream \"blueprints.web.v9\": cannot find package revision \"blueprints.web.v9\"", await FailAsync(v1, "blueprints.web.v9", local));
    }

    internal const string LocalConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-only\ndata:\n  owner: team-a\n";

    /// <summary>The local ConfigMap after an upgrade: Porch's merge-key pass reaches files added after the clone too.</summary>
    internal const string LocalConfigMapWithMergeKey =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: # kpt-merge: /local-only\n  name: local-only\n  annotations:\n    internal.kpt.dev/upstream-identifier: '|ConfigMap|default|local-only'\ndata:\n  owner: team-a\n";

    internal static TaskSpec Upgrade(string oldRef, string newRef, string localRef, PackageMergeStrategy? strategy = null) => new()
    {
        Type = TaskType.Upgrade,
        Upgrade = new PackageUpgradeTaskSpec
        {
            OldUpstream = new PackageRevisionRef { Name = oldRef },
            NewUpstream = new PackageRevisionRef { Name = newRef },
            LocalPackageRevisionRef = new PackageRevisionRef { Name = localRef },
            Strategy = strategy,
        },
    };

    /// <summary>blueprints/web v1 and v2, both published; returns their names.</summary>
    private static async Task<(string V1, string V2)> BlueprintAsync(EngineContext ctx)
    {
        var v1 = await ctx.InitAsync("web");
        await ctx.Engine.EditResourcesAsync(Ns, v1.Metadata.Name!, f => f["deployment.yaml"] = DeploymentV1 + "\n");
        await PublishAsync(ctx, v1.Metadata.Name!);
        var v2 = await ctx.Engine.CopyAsync(Ns, v1.Metadata.Name!, "v2");
        await ctx.Engine.EditResourcesAsync(Ns, v2.Metadata.Name!, f => f["deployment.yaml"] = DeploymentV2 + "\n");
        await PublishAsync(ctx, v2.Metadata.Name!);
        return (v1.Metadata.Name!, v2.Metadata.Name!);
    }

    /// <summary>deploy/web cloned from <paramref name="upstream"/>, replicas set to 3, a local ConfigMap added, published.</summary>
    private static async Task<string> CustomisedCloneAsync(EngineContext ctx, string upstream)
    {
        ctx.Harness.AddRepository("deploy");
        var clone = await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("web", "v1", "deploy", CreateTests.Clone(upstream)));
        await ctx.Engine.EditResourcesAsync(Ns, clone.Metadata.Name!, f =>
        {
            f["deployment.yaml"] = f["deployment.yaml"].Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal);
            f["local.yaml"] = LocalConfigMap;
        });
        await PublishAsync(ctx, clone.Metadata.Name!);
        return clone.Metadata.Name!;
    }

    private static async Task PublishAsync(EngineContext ctx, string name)
    {
        await ctx.Engine.ProposeAsync(Ns, name);
        await ctx.Engine.ApproveAsync(Ns, name);
    }

    private static async Task<IDictionary<string, string>> FilesAsync(EngineContext ctx, string name) =>
        (await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, name)).Spec.Resources;
}
