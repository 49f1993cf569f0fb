using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Watch;

namespace Porch.Engine.Tests.Engine;

public sealed class DeleteTests
{
    private const string Ns = EngineContext.Ns;

    [Theory]
    [InlineData(PackageRevisionLifecycle.Draft)]
    [InlineData(PackageRevisionLifecycle.Proposed)]
    [InlineData(PackageRevisionLifecycle.DeletionProposed)]
    public async Task Delete_AllowedLifecycles_RemovesAndNotifiesDeleted(PackageRevisionLifecycle lifecycle)
    {
        await using var ctx = EngineContext.Create();
        await ctx.ReachAsync("pkg", lifecycle);
        ctx.Notifier.Clear();

        await ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.v1");

        await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.v1"));
        Assert.Equal(PackageRevisionChangeType.Deleted, ctx.Notifier.Events[0].Type);
    }

    [Fact]
    public async Task Delete_Published_Forbidden()
    {
        await using var ctx = EngineContext.Create();
        await ctx.PublishAsync("pkg");
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.v1"));
        Assert.Equal("published PackageRevisions must be proposed for deletion by setting spec.lifecycle to 'DeletionProposed' prior to deletion", ex.Message);
        Assert.Equal(403, ex.HttpStatusCode);
    }

    [Fact]
    public async Task Delete_ReferencedAsCloneUpstream_Forbidden()
    {
        await using var ctx = EngineContext.Create();
        var upstream = await ctx.PublishAsync("basens");
        ctx.Harness.AddRepository("deploy");
        await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("mine", "v1", "deploy", CreateTests.Clone(upstream.Metadata.Name!)));
        await ctx.Engine.ProposeDeleteAsync(Ns, upstream.Metadata.Name!);

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.DeletePackageRevisionAsync(Ns, upstream.Metadata.Name!));
        Assert.Equal("cannot delete package revision, it is referenced as upstream by: deploy.mine.v1", ex.Message);
    }

    [Fact]
    public async Task Delete_Latest_MovesLabelBackAndNotifies()
    {
        await using var ctx = EngineContext.Create();
        var v1 = await ctx.PublishAsync("pkg");
        await ctx.Engine.CopyAsync(Ns, v1.Metadata.Name!, "v2");
        await ctx.Engine.ProposeAsync(Ns, "blueprints.pkg.v2");
        await ctx.Engine.ApproveAsync(Ns, "blueprints.pkg.v2");
        await ctx.Engine.ProposeDeleteAsync(Ns, "blueprints.pkg.v2");
        ctx.Notifier.Clear();

        await ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.v2");

        var v1Now = await ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.v1");
        Assert.Equal("true", v1Now.Metadata.Labels[PorchApi.LatestRevisionLabel]);
        Assert.Equal(
            [(PackageRevisionChangeType.Deleted, "blueprints.pkg.v2"), (PackageRevisionChangeType.Modified, "blueprints.pkg.v1")],
            ctx.Notifier.Events.Select(e => (e.Type, e.Name)));
        var placeholder = await ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.main");
        Assert.False(placeholder.Metadata.Labels.ContainsKey(PorchApi.LatestRevisionLabel));
    }

    [Fact]
    public async Task Delete_Placeholder_AfterProposeDelete()
    {
        await using var ctx = EngineContext.Create();
        await ctx.PublishAsync("pkg");
        await ctx.Engine.ProposeDeleteAsync(Ns, "blueprints.pkg.main");
        await ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.main");
        await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.main"));
        Assert.NotNull(await ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.v1"));
    }

    [Fact]
    public async Task Delete_WithFinalizer_TerminatesThenDeletesWhenFinalizerRemoved()
    {
        await using var ctx = EngineContext.Create();
        var request = EngineContext.NewRevision("pkg", "v1");
        request.Metadata.Finalizers.Add("example.com/hold");
        await ctx.Engine.CreatePackageRevisionAsync(request);
        ctx.Notifier.Clear();

        var terminating = await ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.v1");
        Assert.Equal(ctx.Harness.Time.GetUtcNow(), terminating.Metadata.DeletionTimestamp);
        Assert.Equal([PackageRevisionChangeType.Modified], ctx.Notifier.Events.Select(e => e.Type));

        var current = await ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.v1");
        current.Metadata.Finalizers.Clear();
        await ctx.Engine.UpdatePackageRevisionAsync(current);

        await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.v1"));
        Assert.Equal(PackageRevisionChangeType.Deleted, ctx.Notifier.Events[^1].Type);
    }

    [Fact]
    public async Task DeleteAndRecreate_SamePackageAndWorkspace_Works()
    {
        await using var ctx = EngineContext.Create();
        await ctx.PublishAsync("pkg");
        await ctx.Engine.ProposeDeleteAsync(Ns, "blueprints.pkg.v1");
        await ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.v1");
        await ctx.Engine.ProposeDeleteAsync(Ns, "blueprints.pkg.main");
        await ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.main");

        var again = await ctx.InitAsync("pkg");
        Assert.Single(again.Spec.Tasks);
    }

    [Fact]
    public async Task Delete_Unknown_NotFound()
    {
        await using var ctx = EngineContext.Create();
        var ex = await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.none.v1"));
        Assert.Equal("packagerevisions.porch.kpt.dev \"blueprints.none.v1\" not found", ex.Message);
        Assert.Equal(404, ex.HttpStatusCode);
    }

    [Fact]
    public async Task Delete_ApprovedAfterTheChecksBeforeTheLock_RefusedAndTheTagStays()
    {
        await using var ctx = EngineContext.CreateGated(out var cache);
        var proposed = await ctx.ReachAsync("pkg", PackageRevisionLifecycle.Proposed);
        var name = proposed.Metadata.Name!;

        // The delete reads the revision (Proposed: allowed) and is held in its upstream-reference listing, before its lock.
        var gate = cache.HoldNextListing(f => f.PackageName is null);
        var delete = Task.Run(() => ctx.Engine.DeletePackageRevisionAsync(Ns, name));
        await gate.Entered;
        var approved = await ctx.Engine.ApproveAsync(Ns, name);
        gate.Release();

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => delete);
        Assert.Equal("published PackageRevisions must be proposed for deletion by setting spec.lifecycle to 'DeletionProposed' prior to deletion", ex.Message);
        Assert.Equal(PorchErrorCode.Forbidden, ex.ErrorCode);
        var kept = await ctx.Engine.GetPackageRevisionAsync(Ns, name);
        Assert.Equal(PackageRevisionLifecycle.Published, kept.Spec.Lifecycle);
        Assert.Equal(1, kept.Spec.Revision);
        Assert.Equal(approved.Metadata.ResourceVersion, kept.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Delete_ClonedAfterTheChecksBeforeTheLock_RefusedAndTheUpstreamStays()
    {
        await using var ctx = EngineContext.CreateGated(out var cache);
        var upstream = await ctx.PublishAsync("base");
        var name = upstream.Metadata.Name!;
        await ctx.Engine.ProposeDeleteAsync(Ns, name);

        var gate = cache.HoldNextListing(f => f.PackageName is null);
        var delete = Task.Run(() => ctx.Engine.DeletePackageRevisionAsync(Ns, name));
        await gate.Entered;
        await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("mine", "v1", "blueprints", CreateTests.Clone(name)));
        gate.Release();

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => delete);
        Assert.Equal("cannot delete package revision, it is referenced as upstream by: blueprints.mine.v1", ex.Message);
        Assert.Equal(PackageRevisionLifecycle.DeletionProposed, (await ctx.Engine.GetPackageRevisionAsync(Ns, name)).Spec.Lifecycle);
    }
}
