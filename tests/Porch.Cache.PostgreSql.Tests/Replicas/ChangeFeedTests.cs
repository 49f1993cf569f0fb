using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// Issue 26 item 1: the cross-replica change feed. Every committed change is in the feed with its cache row, and every
/// replica's watchers are served from it: once, in commit order, resumable on any replica (Kubernetes watch semantics:
/// a resource version from a list or event resumes after it; one older than what is kept is 410 Gone).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChangeFeedTests
{
    [PostgresFact]
    public async Task ThreeReplicas_WatcherOnC_SeesCreateOnA_AndApproveOnB_InOrder_ExactlyOnce_AndResumesFromAVersionIssuedByA()
    {
        await using var replicas = await ReplicaSet.StartAsync(3);
        var (a, b, c) = (replicas[0], replicas[1], replicas[2]);

        var start = await c.LatestAsync();
        await using var onC = c.Watch().WatchAsync(PackageRevisionFilter.All, start).GetAsyncEnumerator();
        await using var onA = a.Watch().WatchAsync(new PackageRevisionFilter { Name = "blueprints.app.ws1" }, start).GetAsyncEnumerator();

        await a.CreateAsync("app");
        await b.ProposeAndApproveAsync("blueprints.app.ws1");
        await a.CreateAsync("marker"); // the last change: everything before it has been delivered once it arrives

        var events = await Replica.ReadUntilAsync(onC, "blueprints.marker.ws1");
        var app = events.Where(e => e.Object.Metadata.Name == "blueprints.app.ws1").ToList();
        Assert.Equal(
            [(PackageRevisionChangeType.Added, PackageRevisionLifecycle.Draft), (PackageRevisionChangeType.Modified, PackageRevisionLifecycle.Proposed), (PackageRevisionChangeType.Modified, PackageRevisionLifecycle.Published)],
            app.Select(e => (e.Type, e.Object.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft)).ToList());
        Assert.Equal(events.Select(e => e.Version).Order(), events.Select(e => e.Version));
        Assert.Equal(events.Count, events.Select(e => e.Version).Distinct().Count());

        // The published object carries what the approving replica stored: the next revision number and the latest label.
        Assert.Equal(1, app[^1].Object.Spec.Revision);
        Assert.Equal("true", app[^1].Object.Metadata.Labels["kpt.dev/latest-revision"]);

        // Replica A's watcher got the same changes with the same versions: the versions are the feed's, not a replica's.
        var onAEvents = new List<WatchEvent>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await onA.MoveNextAsync().AsTask().WaitAsync(Replica.Patience));
            onAEvents.Add(onA.Current);
        }

        Assert.Equal(app.Select(e => e.Version), onAEvents.Select(e => e.Version));

        // Resume on C from the version A issued for the create: the proposal and the approval follow, nothing else.
        await using var resumed = c.Watch().WatchAsync(new PackageRevisionFilter { Name = "blueprints.app.ws1" }, onAEvents[0].Version).GetAsyncEnumerator();
        Assert.True(await resumed.MoveNextAsync().AsTask().WaitAsync(Replica.Patience));
        Assert.Equal((PackageRevisionChangeType.Modified, PackageRevisionLifecycle.Proposed, app[1].Version), (resumed.Current.Type, resumed.Current.Object.Spec.Lifecycle!.Value, resumed.Current.Version));
        Assert.True(await resumed.MoveNextAsync().AsTask().WaitAsync(Replica.Patience));
        Assert.Equal((PackageRevisionChangeType.Modified, PackageRevisionLifecycle.Published, app[2].Version), (resumed.Current.Type, resumed.Current.Object.Spec.Lifecycle!.Value, resumed.Current.Version));
    }

    [PostgresFact]
    public async Task Delete_OnOneReplica_IsOneDeletedEventOnAnother_CarryingTheObjectAsItWas()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        var created = await a.CreateAsync("app");
        created.Metadata.Labels["team"] = "blue";
        await a.Engine.UpdatePackageRevisionAsync(created);

        var start = await b.LatestAsync();
        await using var onB = b.Watch().WatchAsync(PackageRevisionFilter.All, start).GetAsyncEnumerator();
        await a.Engine.DeletePackageRevisionAsync("default", "blueprints.app.ws1");
        await a.CreateAsync("marker");

        var events = await Replica.ReadUntilAsync(onB, "blueprints.marker.ws1");
        var deleted = Assert.Single(events, e => e.Object.Metadata.Name == "blueprints.app.ws1");
        Assert.Equal(PackageRevisionChangeType.Deleted, deleted.Type);
        Assert.Equal("blue", deleted.Object.Metadata.Labels["team"]);
    }

    [PostgresFact]
    public async Task Resume_FromAVersionOlderThanTheFeedKeeps_IsGone_AndFromAFutureVersion_IsInvalid()
    {
        var connection = await Replica.NewDatabaseAsync();
        using var remote = new GitRemote();
        await using var a = Replica.Create(connection, options: o => o.ChangeFeedCapacity = 2);
        await a.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        await a.CreateAsync("one");
        await a.CreateAsync("two");
        await a.CreateAsync("three");
        var (oldest, latest) = await a.Feed().GetBoundsAsync();
        Assert.Equal(latest - 2, oldest);

        await using var old = a.Watch().WatchAsync(PackageRevisionFilter.All, oldest - 1).GetAsyncEnumerator();
        var gone = await Assert.ThrowsAsync<WatchExpiredException>(async () => await old.MoveNextAsync());
        Assert.Equal($"too old resource version: {oldest - 1} ({oldest})", gone.Message);
        Assert.Equal(Engine.Errors.PorchErrorCode.Gone, gone.ErrorCode);

        await using var future = a.Watch().WatchAsync(PackageRevisionFilter.All, latest + 1).GetAsyncEnumerator();
        await Assert.ThrowsAsync<WatchExpiredException>(async () => await future.MoveNextAsync());

        // The oldest kept version itself still resumes: the two kept changes replay.
        await using var kept = a.Watch().WatchAsync(PackageRevisionFilter.All, oldest).GetAsyncEnumerator();
        Assert.True(await kept.MoveNextAsync().AsTask().WaitAsync(Replica.Patience));
        Assert.Equal(oldest + 1, kept.Current.Version);
    }

    [PostgresFact]
    public async Task LostListeningConnection_ReplicaCatchesUpFromTheFeed()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        var start = await b.LatestAsync();
        await using var onB = b.Watch().WatchAsync(PackageRevisionFilter.All, start).GetAsyncEnumerator();
        var first = onB.MoveNextAsync().AsTask();
        var feed = (PostgreSqlChangeFeed)b.Feed();
        await a.CreateAsync("before");
        Assert.True(await first.WaitAsync(Replica.Patience));
        var listener = feed.ListenerProcessId;
        Assert.NotEqual(0, listener);

        // The server ends B's listening session; A commits while B is away, so B gets no notification of it.
        await using (var admin = new NpgsqlConnection(replicas.Connection))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 60000)", admin);
            kill.Parameters.AddWithValue("pid", listener);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        await a.CreateAsync("while-away");
        var events = await Replica.ReadUntilAsync(onB, "blueprints.while-away.ws1");
        Assert.Equal(PackageRevisionChangeType.Added, events[^1].Type);
        Assert.True(feed.Connections >= 2);
        Assert.NotEqual(listener, feed.ListenerProcessId);
    }

    [PostgresFact]
    public async Task HostStart_FollowsTheFeed_SoTheWatchVersionIsTheFeedsLatest_AndALabelChangeIsOneModified()
    {
        var connection = await Replica.NewDatabaseAsync();
        using var remote = new GitRemote();
        await using var a = Replica.Create(connection);
        await a.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        await a.CreateAsync("app");
        await using var b = Replica.Create(connection);
        await b.AddAsync(TestEngine.Describe("blueprints", remote.Bare));

        // What a host does at start: its hosted services run before it serves.
        foreach (var service in b.Services.GetServices<IHostedService>().Where(s => s.GetType().Namespace == "Porch.Watch.Internal"))
        {
            await service.StartAsync(CancellationToken.None);
        }

        var latest = await a.LatestAsync();
        Assert.True(latest > 0);
        Assert.Equal(latest, b.Watch().CurrentVersion);

        await using var onB = b.Watch().WatchAsync(PackageRevisionFilter.All, b.Watch().CurrentVersion).GetAsyncEnumerator();
        var app = await a.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        app.Metadata.Labels["team"] = "blue";
        await a.Engine.UpdatePackageRevisionAsync(app);
        await a.CreateAsync("marker");
        var events = await Replica.ReadUntilAsync(onB, "blueprints.marker.ws1");
        var modified = Assert.Single(events, e => e.Object.Metadata.Name == "blueprints.app.ws1");
        Assert.Equal(PackageRevisionChangeType.Modified, modified.Type);
        Assert.Equal("blue", modified.Object.Metadata.Labels["team"]);
    }

    /// <summary>
    /// A change is announced once: a replica recording a revision the shared row already holds as it is (another
    /// replica's sync recorded the push first) announces nothing (the load test's watchers saw such repeats, same
    /// version and lifecycle, with no replica killed).
    /// </summary>
    [PostgresFact]
    public async Task RecordingARevisionTheRowAlreadyHolds_IsNoEvent()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        var repository = replicas.Repository;
        await a.CreateAsync("app");
        var draft = await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        draft.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
        await b.Engine.UpdatePackageRevisionAsync(draft);
        var cachedOnA = (Porch.Cache.Internal.CachedRepository)await a.Cache.OpenRepositoryAsync(repository);
        var proposed = Assert.Single(await cachedOnA.Store.ListAsync(new PackageRevisionFilter { Name = "blueprints.app.ws1" }, CancellationToken.None));

        var start = await a.LatestAsync();
        await using var onA = a.Watch().WatchAsync(PackageRevisionFilter.All, start).GetAsyncEnumerator();
        await cachedOnA.Store.ApplyAsync([proposed], [], null, CancellationToken.None);
        await a.CreateAsync("marker");

        var events = await Replica.ReadUntilAsync(onA, "blueprints.marker.ws1");
        Assert.DoesNotContain(events, e => e.Object.Metadata.Name == "blueprints.app.ws1");
    }

    /// <summary>A metadata write that changes nothing is no event (Kubernetes: a no-op update is not announced); a label change is one.</summary>
    [PostgresFact]
    public async Task MetadataWriteChangingNothing_IsNoEvent_LabelChange_IsOne()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        var created = await a.CreateAsync("app");
        var store = a.Services.GetRequiredService<IPackageRevisionMetadataStore>();
        var metadata = await store.GetAsync("default", "blueprints.app.ws1") ?? new ObjectMeta { Name = "blueprints.app.ws1", Namespace = "default" };
        metadata.Labels["team"] = "blue";
        await store.SetAsync("default", "blueprints.app.ws1", metadata);

        var start = await b.LatestAsync();
        await using var onB = b.Watch().WatchAsync(PackageRevisionFilter.All, start).GetAsyncEnumerator();
        await store.SetAsync("default", "blueprints.app.ws1", metadata);
        metadata.Labels["team"] = "green";
        await store.SetAsync("default", "blueprints.app.ws1", metadata);
        await a.CreateAsync("marker");

        var events = await Replica.ReadUntilAsync(onB, "blueprints.marker.ws1");
        var modified = Assert.Single(events, e => e.Object.Metadata.Name == "blueprints.app.ws1");
        Assert.Equal("green", modified.Object.Metadata.Labels["team"]);
        Assert.Equal(created.Metadata.Name, modified.Object.Metadata.Name);
    }

    /// <summary>
    /// A metadata write announces the revision as its row is when the write commits: one approved by another replica
    /// between the write's read of the revision and its transaction is announced Published, never Proposed again
    /// after its Published (found by CI's 3-replica load test: a watcher saw Draft, Proposed, Published, Proposed, Published).
    /// </summary>
    [PostgresFact]
    public async Task MetadataWrite_RevisionApprovedMeanwhile_AnnouncesThePublishedRevision()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        await a.CreateAsync("app");
        var draft = await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        draft.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
        var proposed = await b.Engine.UpdatePackageRevisionAsync(draft);
        var store = (Porch.Cache.Database.DatabaseMetadataStore)a.Services.GetRequiredService<IPackageRevisionMetadataStore>();
        var metadata = await store.GetAsync("default", "blueprints.app.ws1") ?? new ObjectMeta { Name = "blueprints.app.ws1", Namespace = "default" };
        metadata.Labels["team"] = "blue";

        var start = await b.LatestAsync();
        await using var onB = b.Watch().WatchAsync(new PackageRevisionFilter { Name = "blueprints.app.ws1" }, start).GetAsyncEnumerator();
        var approvals = 0;
        store.AfterRevisionRead = async token =>
        {
            if (Interlocked.Increment(ref approvals) == 1)
            {
                proposed.Spec.Lifecycle = PackageRevisionLifecycle.Published;
                await b.Engine.UpdatePackageRevisionApprovalAsync(proposed, token);
            }
        };
        await store.SetAsync("default", "blueprints.app.ws1", metadata);

        var events = new List<WatchEvent>();
        while (events.Count < 2)
        {
            Assert.True(await onB.MoveNextAsync().AsTask().WaitAsync(Replica.Patience), "the watch ended");
            events.Add(onB.Current);
        }

        Assert.Equal(
            [(PackageRevisionLifecycle.Published, false), (PackageRevisionLifecycle.Published, true)],
            events.Select(e => (e.Object.Spec.Lifecycle!.Value, e.Object.Metadata.Labels.ContainsKey("team"))).ToList());
        Assert.Equal(2, approvals); // the first attempt saw the revision change and started again
    }
}
