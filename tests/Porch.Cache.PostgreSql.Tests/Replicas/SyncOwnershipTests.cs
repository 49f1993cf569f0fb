using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Porch.Cache.Tests.Infrastructure;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// Issue 26 item 3: one syncer per repository. Replicas on one database sync each repository from the replica holding
/// its advisory lock; when that replica dies another takes the repository over at its next sync, within one period.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SyncOwnershipTests
{
    [PostgresFact]
    public async Task ThreeReplicas_OneSyncsEachPeriod_KillTheOwner_AnotherSyncsTheNextPeriod()
    {
        var connection = await Replica.NewDatabaseAsync();
        using var remote = new GitRemote();
        remote.PublishPackage("pkg-a", 1);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var period = TimeSpan.FromMinutes(10);
        var replicas = new List<TestEngine>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var replica = Replica.Create(connection, time, o => o.DefaultSyncFrequency = period);
                replicas.Add(replica);
                await replica.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
            }

            var owner = await OnePeriodAsync(replicas, time, period);

            // Nothing to sync yet on the owner's second period; a new package arrives, and the owner dies.
            remote.PublishPackage("pkg-b", 1);
            await replicas[owner].DisposeAsync();
            var survivors = replicas.Where((_, i) => i != owner).ToList();
            var next = await OnePeriodAsync(survivors, time, period);

            // The new owner synced the package into the shared cache: every surviving replica lists it.
            foreach (var survivor in survivors)
            {
                Assert.Contains("blueprints.pkg-b.v1", await survivor.NamesAsync("blueprints"));
            }

            // And it keeps the repository: the next period is synced by it again, the other replica skips.
            Assert.Equal(next, await OnePeriodAsync(survivors, time, period));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>Advances one sync period and waits until every replica's timer has run; returns the one replica that synced.</summary>
    private static async Task<int> OnePeriodAsync(List<TestEngine> replicas, FakeTimeProvider time, TimeSpan period)
    {
        var managers = replicas.Select(r => r.Sync("blueprints")).ToList();
        var before = managers.Select(m => (m.CompletedSyncs, m.SkippedSyncs)).ToList();
        time.Advance(period);
        await Task.WhenAll(managers.Select((m, i) => m.WaitForTimedRunsAsync(before[i].CompletedSyncs + before[i].SkippedSyncs + 1))).WaitAsync(Replica.Patience);
        var synced = managers.Select((m, i) => m.CompletedSyncs - before[i].CompletedSyncs).ToList();
        var skipped = managers.Select((m, i) => m.SkippedSyncs - before[i].SkippedSyncs).ToList();
        Assert.Equal(1, synced.Sum());
        Assert.Equal(replicas.Count - 1, skipped.Sum());
        return synced.IndexOf(1);
    }
}
