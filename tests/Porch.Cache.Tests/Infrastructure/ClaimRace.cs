using Porch.Cache.Internal;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Cache.Tests.Infrastructure;

/// <summary>
/// Two caches (two engines) on one shared store race sixteen claims of one revision at one resource version: exactly one
/// wins. Only a database storage can pass (each memory cache has its own claims), so the database test projects run it.
/// </summary>
internal static class ClaimRace
{
    public static async Task AssertExactlyOneWinsAsync(Action<IPorchCacheBuilder> storage)
    {
        var adapter = new InMemoryRepositoryAdapter();
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app");
        await using var a = TestEngine.Create(adapter: adapter, storage: storage);
        await using var b = TestEngine.Create(adapter: adapter, storage: storage);
        var cachedA = (CachedRepository)await a.Cache.OpenRepositoryAsync(repository);
        var cachedB = (CachedRepository)await b.Cache.OpenRepositoryAsync(TestEngine.Describe("blueprints", "memory://b"));
        var revisionA = (CachedRevision)Assert.Single(await cachedA.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" }));
        var revisionB = (CachedRevision)Assert.Single(await cachedB.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" }));
        Assert.Equal(revisionA.ResourceVersion, revisionB.ResourceVersion);

        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait(); // A starting gate (ManualResetEventSlim), not a blocked task: all 16 writers leave together.
            return i % 2 == 0
                ? await cachedA.Store.TryClaimAsync(revisionA, "a" + i, CancellationToken.None)
                : await cachedB.Store.TryClaimAsync(revisionB, "b" + i, CancellationToken.None);
        })).ToList();
        start.Set();
        Assert.Single(await Task.WhenAll(claims), won => won);
    }
}
