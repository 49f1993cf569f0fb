using Porch.Cache.Internal;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// A sync on one replica compares its mirror with the shared rows; when another replica changes a revision between
/// that comparison and the sync's write, the sync's older view must not be written over the newer row (found by the
/// 3-replica load test: a proposed revision was put back to Draft by a concurrent sync elsewhere).
/// </summary>
[Trait("Category", "Integration")]
public sealed class StaleSyncTests
{
    [PostgresFact]
    public async Task SyncWrite_OfARevisionAnotherReplicaChangedSinceTheSyncRead_LeavesTheNewerRow()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        var repository = replicas.Repository;
        await a.CreateAsync("app");
        var cachedOnA = (CachedRepository)await a.Cache.OpenRepositoryAsync(repository);
        var filter = new PackageRevisionFilter { Name = "blueprints.app.ws1" };
        var draftAsSyncSawIt = Assert.Single(await cachedOnA.Store.ListAsync(filter, CancellationToken.None));

        // Replica B proposes the draft after A's sync read the row.
        var draft = await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        draft.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
        var proposed = await b.Engine.UpdatePackageRevisionAsync(draft);

        // A's sync writes what it compared against: the row moved on, so nothing is written.
        var seen = new Dictionary<string, string>(StringComparer.Ordinal) { [draftAsSyncSawIt.Name] = draftAsSyncSawIt.ResourceVersion };
        await cachedOnA.Store.ApplyAsync([draftAsSyncSawIt], [], null, CancellationToken.None, seen);
        await cachedOnA.Store.ApplyAsync([], [draftAsSyncSawIt], null, CancellationToken.None, seen);
        var row = Assert.Single(await cachedOnA.Store.ListAsync(filter, CancellationToken.None));
        Assert.Equal((PackageRevisionLifecycle.Proposed, proposed.Metadata.ResourceVersion), (row.Lifecycle, row.ResourceVersion));

        // Without the sync's guard the same write would have put the draft back: the guard is what keeps the row.
        await cachedOnA.Store.ApplyAsync([draftAsSyncSawIt], [], null, CancellationToken.None);
        Assert.Equal(PackageRevisionLifecycle.Draft, Assert.Single(await cachedOnA.Store.ListAsync(filter, CancellationToken.None)).Lifecycle);
    }
}
