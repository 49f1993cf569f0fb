using Porch.Cache.Internal;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Testing;
using Porch.Krm;

namespace Porch.Cache.Tests.Database;

/// <summary>The database cache on a real SQLite file and a real PostgreSQL server.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("porch-cache-db-").FullName;

    private string SqlitePath => Path.Combine(_folder, "cache.db");

    [Fact]
    public async Task Sqlite_Restart_MetadataAndRevisionsSurviveAndNothingIsAnnounced()
    {
        var adapter = new InMemoryRepositoryAdapter();
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await using (var first = TestEngine.Create(o => o.UseSqlite(SqlitePath), adapter: adapter))
        {
            await first.AddAsync(repository);
            var created = await first.Engine.CreatePackageRevisionAsync(new PackageRevision
            {
                Metadata = new ObjectMeta
                {
                    Namespace = "default",
                    Labels = { ["team"] = "platform" },
                    Annotations = { ["note"] = "kept" },
                    Finalizers = { "example.com/hold" },
                    OwnerReferences = { new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = "u-1" } },
                },
                Spec = new PackageRevisionSpec { PackageName = "app", WorkspaceName = "ws1", Repository = "blueprints" },
            });
            Assert.Equal("platform", created.Metadata.Labels["team"]);
        }

        await using var second = TestEngine.Create(o => o.UseSqlite(SqlitePath), adapter: adapter);
        await second.AddAsync(TestEngine.Describe("blueprints", "memory://b"));
        var read = await second.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        Assert.Equal("platform", read.Metadata.Labels["team"]);
        Assert.Equal("kept", read.Metadata.Annotations["note"]);
        Assert.Equal(["example.com/hold"], read.Metadata.Finalizers);
        Assert.Equal("owner", Assert.Single(read.Metadata.OwnerReferences).Name);
        Assert.NotNull(read.Metadata.CreationTimestamp);
        Assert.Empty(second.Notifier.Lines);
    }

    public static TheoryData<string> Storages => new() { "memory", "sqlite" };

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task ListPackageRevisionsAsync_LabelSelector_MatchesStoredAndLatestLabels(string storage)
    {
        var adapter = new InMemoryRepositoryAdapter();
        await using var porch = TestEngine.Create(o => { if (storage == "sqlite") { o.UseSqlite(SqlitePath); } }, adapter: adapter);
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app", "v1", PackageRevisionLifecycle.Published, 1);
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app", "v2", PackageRevisionLifecycle.Published, 2);
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app", "ws3");
        await porch.AddAsync(repository);
        var metadata = porch.Services.GetService(typeof(IPackageRevisionMetadataStore)) as IPackageRevisionMetadataStore;
        await metadata!.SetAsync("default", "blueprints.app.ws3", new ObjectMeta { Labels = { ["team"] = "a" } });
        var cached = await porch.Cache.OpenRepositoryAsync(repository);

        async Task<string[]> Names(string selector) =>
            [.. (await cached.ListPackageRevisionsAsync(new PackageRevisionFilter { Labels = LabelSelector.Parse(selector) })).Select(r => r.Key.ObjectName).Order(StringComparer.Ordinal)];

        Assert.Equal(["blueprints.app.v2"], await Names("kpt.dev/latest-revision=true"));
        Assert.Equal(["blueprints.app.ws3"], await Names("team=a"));
        Assert.Equal(["blueprints.app.ws3"], await Names("team"));
        Assert.Equal(["blueprints.app.main", "blueprints.app.v1", "blueprints.app.v2"], await Names("!team"));
        await metadata.SetAsync("default", "blueprints.app.ws3", new ObjectMeta());
        Assert.Empty(await Names("team=a"));
        await metadata.SetAsync("default", "blueprints.app.v1", new ObjectMeta { Labels = { ["team"] = "a" } });
        Assert.Equal(["blueprints.app.v1"], await Names("team=a"));
        await metadata.DeleteAsync("default", "blueprints.app.v1");
        Assert.Empty(await Names("team"));
        Assert.Equal(4, (await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Count); // v1, v2, ws3 and the placeholder
        Assert.Equal(["blueprints.app.v1"], [.. (await cached.ListPackageRevisionsAsync(new PackageRevisionFilter { PackageName = "app", Revision = 1 })).Select(r => r.Key.ObjectName)]);
    }

    [Fact]
    public async Task Sqlite_TwoCachesOnOneFile_ParallelClaimsOfOneVersion_ExactlyOneWins()
    {
        await AssertOneClaimWinsAsync(o => o.UseSqlite(SqlitePath));
    }

    [PostgresFact]
    public async Task PostgreSql_TwoCachesOnOneDatabase_ParallelClaimsOfOneVersion_ExactlyOneWins()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        await AssertOneClaimWinsAsync(o => o.UsePostgreSql(connection));
    }

    [PostgresFact]
    public async Task PostgreSql_TwoEnginesOnOneGitRepository_SixteenParallelUpdatesWithOneVersion_ExactlyOneWins()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        using var remote = new GitRemote();
        await using var a = TestEngine.Create(o => o.UsePostgreSql(connection));
        await using var b = TestEngine.Create(o => o.UsePostgreSql(connection));
        await a.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        await b.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        await a.Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { PackageName = "app", WorkspaceName = "ws1", Repository = "blueprints" },
        });

        // Engine B sees engine A's write through the shared database, at the same resource version.
        var seenByA = await a.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        var seenByB = await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        Assert.Equal(seenByA.Metadata.ResourceVersion, seenByB.Metadata.ResourceVersion);

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var engine = i % 2 == 0 ? a.Engine : b.Engine;
            var request = await engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
            request.Metadata.ResourceVersion = seenByA.Metadata.ResourceVersion;
            request.Metadata.Annotations["attempt"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Wait(); // A starting gate (ManualResetEventSlim), not a blocked task: all 16 writers leave together.
            try
            {
                return (Winner: (PackageRevision?)await engine.UpdatePackageRevisionAsync(request), Error: (PorchException?)null);
            }
            catch (PorchException ex)
            {
                return (Winner: null, Error: ex);
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Winner is not null).Winner!;
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal(PorchErrorCode.Conflict, r.Error!.ErrorCode));
        var head = GitRemote.Git(remote.Bare, "rev-parse", "refs/heads/drafts/app/ws1").Trim();
        Assert.Equal(head, winner.Metadata.ResourceVersion);
        Assert.Equal(head, (await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1")).Metadata.ResourceVersion);
    }

    private static async Task AssertOneClaimWinsAsync(Action<PorchCacheOptions> storage)
    {
        var adapter = new InMemoryRepositoryAdapter();
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app");
        await using var a = TestEngine.Create(storage, adapter: adapter);
        await using var b = TestEngine.Create(storage, adapter: adapter);
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

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: SQLite's pool may still hold the file briefly.
        }
    }
}
