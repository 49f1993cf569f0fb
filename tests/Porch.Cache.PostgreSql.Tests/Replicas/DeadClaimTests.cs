using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Porch.Cache.Database;
using Porch.Cache.Internal;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// An update claim names the replica that made it (the advisory lock its session holds while it lives): a live
/// replica's claim holds until it expires, a dead replica's claim is free at once instead of blocking edits of that
/// revision for <c>ClaimTimeout</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeadClaimTests
{
    [PostgresFact]
    public async Task TryClaim_ClaimOfALiveReplica_Holds_OfAReplicaWhoseSessionEnded_IsFreeAtOnce()
    {
        var connection = await Replica.NewDatabaseAsync();
        var adapter = new InMemoryRepositoryAdapter();
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app");
        await using var a = TestEngine.Create(adapter: adapter, storage: c => c.UsePostgreSql(connection));
        await using var b = TestEngine.Create(adapter: adapter, storage: c => c.UsePostgreSql(connection));
        var cachedA = (CachedRepository)await a.Cache.OpenRepositoryAsync(repository);
        var cachedB = (CachedRepository)await b.Cache.OpenRepositoryAsync(TestEngine.Describe("blueprints", "memory://b"));
        var revisionA = (CachedRevision)Assert.Single(await cachedA.ListPackageRevisionsAsync(PackageRevisionFilter.All));
        var revisionB = (CachedRevision)Assert.Single(await cachedB.ListPackageRevisionsAsync(PackageRevisionFilter.All));

        Assert.True(await cachedA.Store.TryClaimAsync(revisionA, "a1", CancellationToken.None));
        Assert.False(await cachedB.Store.TryClaimAsync(revisionB, "b1", CancellationToken.None)); // A lives: its claim holds

        // A's session ends (the replica died or lost its connection): its liveness lock goes with it.
        var ownership = ((PostgreSqlCacheDriver)a.Services.GetRequiredService<CacheDatabaseDriver>()).SyncOwnership;
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            // With a timeout pg_terminate_backend returns once the backend has exited (its locks released), not when
            // the signal was sent: without it the next claim could still see the lock held.
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 60000)", admin);
            kill.Parameters.AddWithValue("pid", ownership.BackendProcessId!.Value);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        Assert.True(await cachedB.Store.TryClaimAsync(revisionB, "b2", CancellationToken.None));
        Assert.False(await cachedA.Store.TryClaimAsync(revisionA, "a2", CancellationToken.None)); // B lives: its claim holds for A too

        // B gives its claim back; A (on a new session) claims again.
        await cachedB.Store.ReleaseClaimAsync(revisionB, "b2", CancellationToken.None);
        Assert.True(await cachedA.Store.TryClaimAsync(revisionA, "a3", CancellationToken.None));
    }
}
