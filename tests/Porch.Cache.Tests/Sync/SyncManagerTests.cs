using Microsoft.Extensions.Time.Testing;
using Porch.Cache.Sync;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Testing;

namespace Porch.Cache.Tests.Sync;

/// <summary>Cron, default-frequency and one-time syncs on a fake clock, and the Ready condition texts (spec section 7.1).</summary>
public sealed class SyncManagerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cron_EveryFiveMinutes_SyncsAtTheScheduleAndSeesChangesMadeBehindItsBack()
    {
        var time = new FakeTimeProvider(Start);
        var adapter = new InMemoryRepositoryAdapter(time);
        await using var porch = TestEngine.Create(time: time, adapter: adapter);
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", "memory://b", schedule: "*/5 * * * *"));
        var sync = porch.Sync("blueprints");
        Assert.Equal(1, sync.CompletedSyncs);
        Assert.Equal(Start.AddMinutes(4), sync.NextSyncAt);
        var ready = Assert.Single(repository.Status.Conditions);
        Assert.Equal(("Ready", ConditionStatus.True, "Ready", "Repository Ready (next sync scheduled at: 2026-01-01T00:05:00Z)"), (ready.Type, ready.Status, ready.Reason, ready.Message));

        await MemoryRepositories.WriteBehindAsync(adapter, repository, "late");
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, sync.CompletedSyncs);
        Assert.Empty(porch.Notifier.Lines);

        time.Advance(TimeSpan.FromMinutes(1));
        await sync.WaitForSyncsAsync(2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["Added blueprints.late.ws1"], porch.Notifier.Lines);
        Assert.Equal(Start.AddMinutes(9), sync.NextSyncAt);
        Assert.Equal("Repository Ready (next sync scheduled at: 2026-01-01T00:10:00Z)", repository.Status.Conditions[0].Message);
    }

    [Fact]
    public async Task UpdateSpec_ScheduleChanged_ReschedulesAtOnce()
    {
        var time = new FakeTimeProvider(Start);
        await using var porch = TestEngine.Create(time: time, adapter: new InMemoryRepositoryAdapter(time));
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", "memory://b", schedule: "*/5 * * * *"));
        var changed = TestEngine.Describe("blueprints", "memory://b", schedule: "0 * * * *");
        porch.Registry.AddOrUpdate(changed);
        await porch.Cache.OpenRepositoryAsync(changed);
        var sync = porch.Sync("blueprints");
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), sync.NextSyncAt);
        Assert.Equal("Repository Ready (next sync scheduled at: 2026-01-01T01:00:00Z)", changed.Status.Conditions[0].Message);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, sync.CompletedSyncs);
    }

    [Fact]
    public async Task UpdateSpec_NewObjectSameSchedule_CarriesTheCurrentCondition()
    {
        var time = new FakeTimeProvider(Start);
        await using var porch = TestEngine.Create(time: time, adapter: new InMemoryRepositoryAdapter(time));
        await porch.AddAsync(TestEngine.Describe("blueprints", "memory://b", schedule: "*/5 * * * *"));
        var copy = TestEngine.Describe("blueprints", "memory://b", schedule: "*/5 * * * *");
        copy.Spec.Description = "changed description only";
        porch.Registry.AddOrUpdate(copy);
        await porch.Cache.OpenRepositoryAsync(copy);
        Assert.Equal("Repository Ready (next sync scheduled at: 2026-01-01T00:05:00Z)", Assert.Single(copy.Status.Conditions).Message);
        Assert.Equal(1, porch.Sync("blueprints").CompletedSyncs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a cron")]
    [InlineData("* * *")]
    public async Task NoValidSchedule_SyncsEveryDefaultFrequency(string? schedule)
    {
        var time = new FakeTimeProvider(Start);
        await using var porch = TestEngine.Create(o => o.DefaultSyncFrequency = TimeSpan.FromMinutes(2), time, new InMemoryRepositoryAdapter(time));
        await porch.AddAsync(TestEngine.Describe("blueprints", "memory://b", schedule: schedule));
        var sync = porch.Sync("blueprints");
        Assert.Equal(Start.AddMinutes(2), sync.NextSyncAt);
        time.Advance(TimeSpan.FromMinutes(2));
        await sync.WaitForSyncsAsync(2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Start.AddMinutes(4), sync.NextSyncAt);
    }

    [Fact]
    public async Task RunOnceAt_FutureFiresOnce_ChangedRearms_PastSkipped()
    {
        var time = new FakeTimeProvider(Start);
        var adapter = new InMemoryRepositoryAdapter(time);
        await using var porch = TestEngine.Create(o => o.DefaultSyncFrequency = TimeSpan.FromHours(1), time, adapter);
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", "memory://b", runOnceAt: Start.AddSeconds(30)));
        var sync = porch.Sync("blueprints");
        Assert.Equal(Start.AddSeconds(30), sync.ArmedRunOnceAt);
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "once");

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, sync.CompletedSyncs);
        time.Advance(TimeSpan.FromSeconds(1));
        await sync.WaitForSyncsAsync(2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["Added blueprints.once.ws1"], porch.Notifier.Lines);
        Assert.Equal(Start.AddHours(1), sync.NextSyncAt); // a one-time sync leaves the periodic schedule alone

        // A new runOnceAt re-arms.
        var rearmed = TestEngine.Describe("blueprints", "memory://b", runOnceAt: Start.AddMinutes(10));
        porch.Registry.AddOrUpdate(rearmed);
        await porch.Cache.OpenRepositoryAsync(rearmed);
        Assert.Equal(Start.AddMinutes(10), sync.ArmedRunOnceAt);
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(30));
        await sync.WaitForSyncsAsync(3).WaitAsync(TimeSpan.FromSeconds(30));

        // A time already past is skipped: nothing is armed and no sync runs.
        var past = TestEngine.Describe("blueprints", "memory://b", runOnceAt: Start.AddMinutes(5));
        porch.Registry.AddOrUpdate(past);
        await porch.Cache.OpenRepositoryAsync(past);
        Assert.Equal(Start.AddMinutes(10), sync.ArmedRunOnceAt);
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(3, sync.CompletedSyncs);
    }

    [Fact]
    public async Task SyncOnceAsync_RepositoryFails_ReconcilingThenErrorWithMessage_ThenReadyAgain()
    {
        var time = new FakeTimeProvider(Start);
        var adapter = new InMemoryRepositoryAdapter(time) { Faults = new FaultPlan() };
        await using var porch = TestEngine.Create(o => o.DefaultSyncFrequency = TimeSpan.FromMinutes(10), time, adapter);
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", "memory://b"));
        var sync = porch.Sync("blueprints");
        string? during = null;
        adapter.Faults.FailOn(RepositoryOperation.Version, fault: () =>
        {
            var c = repository.Status.Conditions[0];
            during = $"{c.Type} {c.Status} {c.Reason} {c.Message}";
            return new RepositoryUnavailableException("cannot list the references of repository default/blueprints: connection refused");
        });

        await sync.SyncOnceAsync();
        Assert.Equal("Ready False Reconciling Repository reconciliation in progress", during);
        var error = repository.Status.Conditions[0];
        Assert.Equal(("Ready", ConditionStatus.False, "Error", "cannot list the references of repository default/blueprints: connection refused"),
            (error.Type, error.Status, error.Reason, error.Message));
        Assert.IsType<RepositoryUnavailableException>(sync.LastSyncError);

        await sync.SyncOnceAsync();
        Assert.Null(sync.LastSyncError);
        Assert.Equal("Repository Ready (next sync scheduled at: 2026-01-01T00:11:00Z)", repository.Status.Conditions[0].Message);
    }

    [Fact]
    public void Error_WithoutMessage_IsUnknownError()
    {
        var condition = RepositoryConditions.Error(Start, 3, new InvalidOperationException(""));
        Assert.Equal(("Error", "unknown error", 3L), (condition.Reason, condition.Message, condition.ObservedGeneration));
        Assert.Equal("unknown error", RepositoryConditions.Error(Start, 0, null).Message);
        Assert.Equal("Repository Ready", RepositoryConditions.Ready(Start, 0, null).Message);
    }
}
