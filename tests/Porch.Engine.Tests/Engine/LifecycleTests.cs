using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Watch;

namespace Porch.Engine.Tests.Engine;

public sealed class LifecycleTests
{
    private const string Ns = EngineContext.Ns;
    private const PackageRevisionLifecycle D = PackageRevisionLifecycle.Draft;
    private const PackageRevisionLifecycle P = PackageRevisionLifecycle.Proposed;
    private const PackageRevisionLifecycle Pub = PackageRevisionLifecycle.Published;
    private const PackageRevisionLifecycle Del = PackageRevisionLifecycle.DeletionProposed;

    private const string MainDraftOnly = "value can be only updated to Draft,Proposed";
    private const string MainPublished = "spec can only update package with lifecycle value one of Draft,Proposed";
    private const string NotProposed = "only Proposed packages can be approved";
    private const string PublishedOnly = "package with Published lifecycle value can only be updated to 'ProposeDeletion'";
    private const string DeletionOnly = "package with DeletionProposed lifecycle value can only be updated to 'Published'";

    /// <summary>The full 4x4 matrix on both paths: null means allowed, otherwise the end of Porch's message.</summary>
    public static TheoryData<PackageRevisionLifecycle, PackageRevisionLifecycle, bool, string?> Matrix() => new()
    {
        { D, D, false, null },
        { D, P, false, null },
        { D, Pub, false, "spec.lifecycle: Invalid value: \"Draft\": " + MainDraftOnly },
        { D, Del, false, "spec.lifecycle: Invalid value: \"Draft\": " + MainDraftOnly },
        { P, D, false, null },
        { P, P, false, null },
        { P, Pub, false, "spec.lifecycle: Invalid value: \"Proposed\": " + MainDraftOnly },
        { P, Del, false, "spec.lifecycle: Invalid value: \"Proposed\": " + MainDraftOnly },
        { Pub, D, false, "spec: Invalid value: \"Draft\": " + MainPublished },
        { Pub, P, false, "spec: Invalid value: \"Proposed\": " + MainPublished },
        { Pub, Pub, false, null },
        { Pub, Del, false, null },
        { Del, D, false, "spec: Invalid value: \"Draft\": " + MainPublished },
        { Del, P, false, "spec: Invalid value: \"Proposed\": " + MainPublished },
        { Del, Pub, false, null },
        { Del, Del, false, null },
        { D, D, true, "spec.lifecycle: Invalid value: \"Draft\": cannot approve package with Draft lifecycle value; " + NotProposed },
        { D, P, true, "spec.lifecycle: Invalid value: \"Proposed\": cannot approve package with Draft lifecycle value; " + NotProposed },
        { D, Pub, true, "spec.lifecycle: Invalid value: \"Published\": cannot approve package with Draft lifecycle value; " + NotProposed },
        { D, Del, true, "spec.lifecycle: Invalid value: \"DeletionProposed\": cannot approve package with Draft lifecycle value; " + NotProposed },
        { P, D, true, null },
        { P, P, true, "spec.lifecycle: Invalid value: \"Proposed\": value for approval can be only one of Draft,Published" },
        { P, Pub, true, null },
        { P, Del, true, "spec.lifecycle: Invalid value: \"DeletionProposed\": cannot update lifecycle DeletionProposed; only Published packages require approval for deletion" },
        { Pub, D, true, "spec.lifecycle: Invalid value: \"Draft\": " + PublishedOnly },
        { Pub, P, true, "spec.lifecycle: Invalid value: \"Proposed\": " + PublishedOnly },
        { Pub, Pub, true, "spec.lifecycle: Invalid value: \"Published\": " + PublishedOnly },
        { Pub, Del, true, null },
        { Del, D, true, "spec.lifecycle: Invalid value: \"Draft\": " + DeletionOnly },
        { Del, P, true, "spec.lifecycle: Invalid value: \"Proposed\": " + DeletionOnly },
        { Del, Pub, true, null },
        { Del, Del, true, "spec.lifecycle: Invalid value: \"DeletionProposed\": " + DeletionOnly },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Transition_Matrix(PackageRevisionLifecycle from, PackageRevisionLifecycle to, bool approval, string? error)
    {
        await using var ctx = EngineContext.Create();
        var start = await ctx.ReachAsync("pkg", from);
        var name = start.Metadata.Name!;
        var before = await ctx.SnapshotAsync();
        ctx.Notifier.Clear();
        var request = await ctx.Engine.GetPackageRevisionAsync(Ns, name);
        request.Spec.Lifecycle = to;

        Task<PackageRevision> Act() => approval ? ctx.Engine.UpdatePackageRevisionApprovalAsync(request) : ctx.Engine.UpdatePackageRevisionAsync(request);

        if (error is null)
        {
            var updated = await Act();
            Assert.Equal(to, updated.Spec.Lifecycle);
            Assert.Equal(to, (await ctx.Engine.GetPackageRevisionAsync(Ns, name)).Spec.Lifecycle);
            Assert.Equal([(PackageRevisionChangeType.Modified, name, (PackageRevisionLifecycle?)to)], ctx.Notifier.Events);
            if (to is Pub or Del)
            {
                Assert.Equal(1, updated.Spec.Revision);
            }
        }
        else
        {
            var ex = await Assert.ThrowsAnyAsync<PorchException>(Act);
            Assert.Equal($"PackageRevision.porch.kpt.dev \"{name}\" is invalid: {error}", ex.Message);
            Assert.Equal(422, ex.HttpStatusCode);
            Assert.Equal(before, await ctx.SnapshotAsync());
            Assert.Empty(ctx.Notifier.Events);
        }
    }

    [Fact]
    public async Task Approve_AssignsMaxPlusOne_AndMovesLatestLabel()
    {
        await using var ctx = EngineContext.Create();
        var v1 = await ctx.PublishAsync("pkg", "v1");
        Assert.Equal(1, v1.Spec.Revision);
        Assert.Equal("true", v1.Metadata.Labels[PorchApi.LatestRevisionLabel]);
        Assert.Equal(ctx.Harness.Time.GetUtcNow(), v1.Status.PublishedAt);

        await ctx.Engine.CopyAsync(Ns, v1.Metadata.Name!, "v2");
        await ctx.Engine.ProposeAsync(Ns, "blueprints.pkg.v2");
        var v2 = await ctx.Engine.ApproveAsync(Ns, "blueprints.pkg.v2");
        Assert.Equal(2, v2.Spec.Revision);

        var all = await ctx.Engine.ListPackageRevisionsAsync(new() { Namespace = Ns, PackageName = "pkg" });
        Assert.Equal(
            ["blueprints.pkg.main -1 -", "blueprints.pkg.v1 1 -", "blueprints.pkg.v2 2 latest"],
            all.Select(p => $"{p.Metadata.Name} {p.Spec.Revision} {(p.Metadata.Labels.ContainsKey(PorchApi.LatestRevisionLabel) ? "latest" : "-")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reject_ProposedGoesBackToDraft()
    {
        await using var ctx = EngineContext.Create();
        await ctx.ReachAsync("pkg", P);
        var rejected = await ctx.Engine.RejectAsync(Ns, "blueprints.pkg.v1");
        Assert.Equal(D, rejected.Spec.Lifecycle);
    }

    [Fact]
    public async Task Update_StaleResourceVersion_Conflict()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        await ctx.Engine.UpdatePackageRevisionAsync(await ctx.Engine.GetPackageRevisionAsync(Ns, pr.Metadata.Name!));
        pr.Spec.Lifecycle = P;
        var ex = await Assert.ThrowsAsync<PackageRevisionConflictException>(() => ctx.Engine.UpdatePackageRevisionAsync(pr));
        Assert.Equal("Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"blueprints.pkg.v1\": the object has been modified; please apply your changes to the latest version and try again", ex.Message);
        Assert.Equal(409, ex.HttpStatusCode);
    }

    [Fact]
    public async Task Update_NoResourceVersion_Fails()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        pr.Metadata.ResourceVersion = null;
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.UpdatePackageRevisionAsync(pr));
        Assert.Equal("resourceVersion must be specified for an update", ex.Message);
    }

    [Fact]
    public async Task Update_ChangesLatestLabel_Forbidden()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.PublishAsync("pkg");
        pr.Metadata.Labels.Remove(PorchApi.LatestRevisionLabel);
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.UpdatePackageRevisionAsync(pr));
        Assert.Equal("PackageRevision.porch.kpt.dev \"blueprints.pkg.v1\" is invalid: metadata.labels: Forbidden: label is managed by porch and cannot be modified by users", ex.Message);
    }

    [Fact]
    public async Task Update_PublishedMetadataOnly_Allowed()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.PublishAsync("pkg");
        pr.Metadata.Labels["team"] = "a";
        var updated = await ctx.Engine.UpdatePackageRevisionAsync(pr);
        Assert.Equal("a", updated.Metadata.Labels["team"]);
        Assert.Equal(Pub, updated.Spec.Lifecycle);
    }

    [Fact]
    public async Task Update_PublishedSpecChange_Invalid()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.PublishAsync("pkg");
        pr.Spec.ReadinessGates = [new ReadinessGate { ConditionType = "x" }];
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.UpdatePackageRevisionAsync(pr));
        Assert.EndsWith("spec can only update package with lifecycle value one of Draft,Proposed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_DraftPackageMetadata_WrittenToKptfile()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        pr.Spec.PackageMetadata = new PackageMetadata { Labels = { ["env"] = "prod" } };
        pr.Status.Conditions = [new Condition { Type = "Ready", Status = ConditionStatus.True }];
        var updated = await ctx.Engine.UpdatePackageRevisionAsync(pr);

        Assert.Equal("prod", updated.Spec.PackageMetadata!.Labels["env"]);
        Assert.Empty(updated.Spec.PackageMetadata.Annotations);
        var condition = Assert.Single(updated.Status.Conditions);
        Assert.Equal(("Ready", ConditionStatus.True), (condition.Type, condition.Status));
        Assert.NotEqual(pr.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }
}
