using Porch.Engine.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Engine.Tests.Engine;

/// <summary>A failure at any repository step leaves repository, metadata and watchers exactly as before.</summary>
public sealed class RollbackTests
{
    private const string Ns = EngineContext.Ns;

    public static TheoryData<RepositoryOperation> CreateSteps() =>
        [RepositoryOperation.ListPackageRevisions, RepositoryOperation.CreateDraft, RepositoryOperation.UpdateResources, RepositoryOperation.UpdateDraftLifecycle, RepositoryOperation.CloseDraft];

    public static TheoryData<RepositoryOperation> UpdateSteps() =>
        [RepositoryOperation.ListPackageRevisions, RepositoryOperation.OpenDraft, RepositoryOperation.UpdateResources, RepositoryOperation.UpdateDraftLifecycle, RepositoryOperation.CloseDraft];

    public static TheoryData<RepositoryOperation> ApproveSteps() =>
        [RepositoryOperation.ListPackageRevisions, RepositoryOperation.OpenDraft, RepositoryOperation.UpdateDraftLifecycle, RepositoryOperation.Refresh, RepositoryOperation.CloseDraft];

    [Theory]
    [MemberData(nameof(CreateSteps))]
    public async Task Create_FailureAtStep_LeavesNothing(RepositoryOperation step)
    {
        await using var ctx = EngineContext.Create();
        await ctx.PublishAsync("existing");
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        await ctx.Harness.Services.GetService<Porch.Engine.Caching.IPackageCache>()!.CloseRepositoryAsync(ctx.Repository);
        var before = await ctx.SnapshotAsync();
        ctx.Notifier.Clear();
        plan.FailOn(step);

        await Assert.ThrowsAnyAsync<PorchException>(() => ctx.InitAsync("pkg"));

        Assert.True(plan.Calls(step) > 0);
        Assert.Equal(plan.Calls(RepositoryOperation.CreateDraft) - (step == RepositoryOperation.CreateDraft ? 1 : 0), plan.Calls(RepositoryOperation.DisposeDraft));
        Assert.Equal(before, await ctx.SnapshotAsync());
        Assert.Empty(ctx.Notifier.Events);
        await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.pkg.v1"));

        var retried = await ctx.InitAsync("pkg");
        Assert.Equal("blueprints.pkg.v1", retried.Metadata.Name);
    }

    [Theory]
    [MemberData(nameof(UpdateSteps))]
    public async Task Propose_FailureAtStep_LeavesOldRevision(RepositoryOperation step)
    {
        await using var ctx = EngineContext.Create();
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        var pr = await ctx.InitAsync("pkg");
        pr.Metadata.Labels["changed"] = "yes";
        pr.Spec.Lifecycle = Porch.Engine.Api.PackageRevisionLifecycle.Proposed;
        var before = await ctx.SnapshotAsync();
        ctx.Notifier.Clear();
        plan.FailOn(step);

        await Assert.ThrowsAnyAsync<PorchException>(() => ctx.Engine.UpdatePackageRevisionAsync(pr));

        // Every draft the engine started, the failed one too, was disposed.
        Assert.Equal(
            plan.Calls(RepositoryOperation.CreateDraft) + plan.Calls(RepositoryOperation.OpenDraft) - (step == RepositoryOperation.OpenDraft ? 1 : 0),
            plan.Calls(RepositoryOperation.DisposeDraft));
        Assert.Equal(before, await ctx.SnapshotAsync());
        Assert.Empty(ctx.Notifier.Events);
        var read = await ctx.Engine.GetPackageRevisionAsync(Ns, pr.Metadata.Name!);
        Assert.False(read.Metadata.Labels.ContainsKey("changed"));
    }

    [Theory]
    [MemberData(nameof(ApproveSteps))]
    public async Task Approve_FailureAtStep_StaysProposed(RepositoryOperation step)
    {
        await using var ctx = EngineContext.Create();
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        await ctx.ReachAsync("pkg", Porch.Engine.Api.PackageRevisionLifecycle.Proposed);
        var before = await ctx.SnapshotAsync();
        ctx.Notifier.Clear();
        plan.FailOn(step);

        await Assert.ThrowsAnyAsync<PorchException>(() => ctx.Engine.ApproveAsync(Ns, "blueprints.pkg.v1"));

        Assert.Equal(before, await ctx.SnapshotAsync());
        Assert.Empty(ctx.Notifier.Events);
    }

    [Theory]
    [InlineData(RepositoryOperation.OpenDraft)]
    [InlineData(RepositoryOperation.UpdateResources)]
    [InlineData(RepositoryOperation.CloseDraft)]
    public async Task UpdateResources_FailureAtStep_LeavesOldFiles(RepositoryOperation step)
    {
        await using var ctx = EngineContext.Create();
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        var pr = await ctx.InitAsync("pkg");
        var before = await ctx.SnapshotAsync();
        ctx.Notifier.Clear();
        plan.FailOn(step);

        await Assert.ThrowsAnyAsync<PorchException>(() => ctx.Engine.EditResourcesAsync(Ns, pr.Metadata.Name!, f => f["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));

        Assert.Equal(before, await ctx.SnapshotAsync());
        Assert.Empty(ctx.Notifier.Events);
    }

    [Theory]
    [InlineData(RepositoryOperation.DeleteRevision)]
    [InlineData(RepositoryOperation.UpdatePublishedLifecycle)]
    public async Task PublishedLifecycleAndDelete_Failure_LeavesState(RepositoryOperation step)
    {
        await using var ctx = EngineContext.Create();
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        await ctx.ReachAsync("pkg", step == RepositoryOperation.DeleteRevision ? Porch.Engine.Api.PackageRevisionLifecycle.DeletionProposed : Porch.Engine.Api.PackageRevisionLifecycle.Published);
        var before = await ctx.SnapshotAsync();
        ctx.Notifier.Clear();
        plan.FailOn(step);

        await Assert.ThrowsAnyAsync<PorchException>(() => step == RepositoryOperation.DeleteRevision
            ? ctx.Engine.DeletePackageRevisionAsync(Ns, "blueprints.pkg.v1")
            : ctx.Engine.ProposeDeleteAsync(Ns, "blueprints.pkg.v1"));

        Assert.Equal(before, await ctx.SnapshotAsync());
        Assert.Empty(ctx.Notifier.Events);
    }

    [Fact]
    public async Task Create_CloseAndMetadataRollbackBothFail_ThrowsTheCloseFailureAndLogsTheRollbackOnce()
    {
        var logs = new Diagnostics.CollectingLoggerFactory();
        var metadata = new FailingRollbackMetadataStore();
        await using var ctx = EngineContext.Create(b =>
        {
            logs.AddTo(b.Services);
            b.Services.AddSingleton<IPackageRevisionMetadataStore>(metadata);
        });
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        plan.FailOn(RepositoryOperation.CloseDraft);

        var ex = await Assert.ThrowsAnyAsync<PorchException>(() => ctx.InitAsync("pkg"));

        Assert.Equal("failed to close package revision draft: injected fault in CloseDraft", ex.Message);
        var rollback = Assert.Single(logs.Entries, e => e.EventId.Name == "CompensationFailed");
        Assert.Equal(LogLevel.Error, rollback.Level);
        Assert.Contains("default/blueprints.pkg.v1", rollback.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_CloseUnavailable_StaysTransientThroughTheWrap()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.ReachAsync("pkg", Porch.Engine.Api.PackageRevisionLifecycle.Proposed);
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        await ctx.Harness.Services.GetService<Porch.Engine.Caching.IPackageCache>()!.CloseRepositoryAsync(ctx.Repository);
        plan.FailOn(RepositoryOperation.CloseDraft);

        var ex = await Assert.ThrowsAnyAsync<PorchException>(() => ctx.Engine.ApproveAsync(Ns, pr.Metadata.Name!));

        Assert.Equal("failed to close package revision draft: injected fault in CloseDraft", ex.Message);
        Assert.Equal(PorchErrorCode.RepositoryUnavailable, ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.IsType<RepositoryUnavailableException>(ex.InnerException);
    }

    /// <summary>Metadata that can be written but not taken back.</summary>
    private sealed class FailingRollbackMetadataStore : IPackageRevisionMetadataStore
    {
        private readonly Porch.Engine.Internal.InMemoryMetadataStore _inner = new();

        public ValueTask<ObjectMeta?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            _inner.GetAsync(@namespace, name, cancellationToken);

        public ValueTask SetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken = default) =>
            _inner.SetAsync(@namespace, name, metadata, cancellationToken);

        public ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            throw new IOException("the metadata store is gone");
    }
}
