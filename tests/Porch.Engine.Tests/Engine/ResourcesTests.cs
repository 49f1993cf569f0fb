using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Watch;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Engine.Tests.Engine;

public sealed class ResourcesTests
{
    private const string Ns = EngineContext.Ns;
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

    [Fact]
    public async Task UpdateResources_Draft_StoresRenderedFilesAndNotifiesOnce()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        ctx.Renderer.Transform = files => files.ToDictionary(f => f.Key, f => f.Key == "cm.yaml" ? f.Value.Replace("name: x", "name: rendered", StringComparison.Ordinal) : f.Value);
        ctx.Notifier.Clear();

        var result = await ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f["cm.yaml"] = ConfigMap);

        Assert.Contains("name: rendered", result.Spec.Resources["cm.yaml"], StringComparison.Ordinal);
        Assert.NotEqual(pr.Metadata.ResourceVersion, result.Metadata.ResourceVersion);
        Assert.Equal([PackageRevisionChangeType.Modified], ctx.Notifier.Events.Select(e => e.Type));
        var stored = await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!);
        Assert.Equal(result.Spec.Resources, stored.Spec.Resources);
        var task = Assert.Single((await ctx.Engine.GetPackageRevisionAsync(Ns, pr.Metadata.Name!)).Spec.Tasks);
        Assert.Equal(TaskType.Init, task.Type);
    }

    [Fact]
    public async Task UpdateResources_NotDraft_Fails()
    {
        await using var ctx = EngineContext.Create();
        await ctx.ReachAsync("pkg", PackageRevisionLifecycle.Proposed);
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.EditResourcesAsync(Ns, "blueprints.pkg.v1", f => f["cm.yaml"] = ConfigMap));
        Assert.Equal("cannot update a package revision with lifecycle value \"Proposed\"; package must be Draft", ex.Message);
    }

    [Fact]
    public async Task UpdateResources_Stale_Conflict()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var stale = await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!);
        await ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f["a.yaml"] = ConfigMap);
        stale.Spec.Resources["b.yaml"] = ConfigMap;
        var ex = await Assert.ThrowsAsync<PackageRevisionConflictException>(() => ctx.Engine.UpdatePackageRevisionResourcesAsync(stale));
        Assert.Equal("Operation cannot be fulfilled on packagerevisionresources.porch.kpt.dev \"blueprints.pkg.v1\": the object has been modified; please apply your changes to the latest version and try again", ex.Message);
    }

    [Fact]
    public async Task UpdateResources_RenderFails_NotPushed()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var before = await ctx.SnapshotAsync();
        ctx.Renderer.FailWith = "validator said no";
        ctx.Notifier.Clear();

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f["cm.yaml"] = ConfigMap));

        Assert.Equal("error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally (until 'kpt fn render' succeeds) and retry. Details: validator said no", ex.Message);
        Assert.Equal(1, ex.Results!.ExitCode);
        Assert.Equal(before, await ctx.SnapshotAsync());
        Assert.Empty(ctx.Notifier.Events);
    }

    [Fact]
    public async Task UpdateResources_RenderFailsWithPushAnnotation_PushedAnyway()
    {
        await using var ctx = EngineContext.Create();
        var request = EngineContext.NewRevision("pkg", "v1");
        request.Metadata.Annotations[PorchApi.PushOnRenderFailureAnnotation] = "true";
        var pr = await ctx.Engine.CreatePackageRevisionAsync(request);
        ctx.Renderer.FailWith = "mutator broke";

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f["cm.yaml"] = ConfigMap));

        Assert.Equal("error rendering package in kpt function pipeline. Package pushed to remote despite render failure. Details: mutator broke", ex.Message);
        var stored = await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!);
        Assert.Equal(ConfigMap, stored.Spec.Resources["cm.yaml"]);
    }

    [Fact]
    public async Task UpdateResources_WithoutKptfile_Fails()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var ex = await Assert.ThrowsAnyAsync<PorchException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f.Remove("Kptfile")));
        Assert.Equal("package must contain Kptfile at root", ex.Message);
    }

    [Theory]
    [InlineData("../escape.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b.yaml")]
    public async Task UpdateResources_PathEscapingPackage_Rejected(string path)
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var before = await ctx.SnapshotAsync();
        await Assert.ThrowsAsync<PackagePathException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f[path] = ConfigMap));
        Assert.Equal(before, await ctx.SnapshotAsync());
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData("sub/.git/HEAD")]
    [InlineData(".GIT/hooks/post-checkout")]
    [InlineData("a\\b.yaml")]
    [InlineData("a//b.yaml")]
    [InlineData("a\0b.yaml")]
    public async Task UpdateResources_PathGitCannotHoldOrUnsafe_RejectedAndNothingChanges(string path)
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var before = await ctx.SnapshotAsync();
        await Assert.ThrowsAsync<PackagePathException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f[path] = ConfigMap));
        Assert.Equal(before, await ctx.SnapshotAsync());
    }

    [Fact]
    public async Task UpdateResources_FileInsideKptfile_RejectedAsFileFolderConflict()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var before = await ctx.SnapshotAsync();

        var ex = await Assert.ThrowsAsync<PackagePathException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f["Kptfile/x.yaml"] = ConfigMap));

        Assert.Equal("resource path \"Kptfile/x.yaml\" is inside \"Kptfile\", which is a file", ex.Message);
        Assert.Equal(before, await ctx.SnapshotAsync());
    }
}
