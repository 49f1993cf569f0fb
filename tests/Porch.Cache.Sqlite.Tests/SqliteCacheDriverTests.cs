using Microsoft.Extensions.DependencyInjection;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Testing;

namespace Porch.Cache.Sqlite.Tests;

/// <summary>The database cache on a real SQLite file: warm restarts and claims shared by two caches on one file.</summary>
[Trait("Category", "Integration")]
public sealed class SqliteCacheDriverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("porch-cache-db-").FullName;

    private string SqlitePath => Path.Combine(_folder, "cache.db");

    [Fact]
    public async Task Sqlite_Restart_MetadataAndRevisionsSurviveAndNothingIsAnnounced()
    {
        var adapter = new InMemoryRepositoryAdapter();
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await using (var first = TestEngine.Create(adapter: adapter, storage: c => c.UseSqlite(SqlitePath)))
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

        await using var second = TestEngine.Create(adapter: adapter, storage: c => c.UseSqlite(SqlitePath));
        await second.AddAsync(TestEngine.Describe("blueprints", "memory://b"));
        var read = await second.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        Assert.Equal("platform", read.Metadata.Labels["team"]);
        Assert.Equal("kept", read.Metadata.Annotations["note"]);
        Assert.Equal(["example.com/hold"], read.Metadata.Finalizers);
        Assert.Equal("owner", Assert.Single(read.Metadata.OwnerReferences).Name);
        Assert.NotNull(read.Metadata.CreationTimestamp);
        Assert.Empty(second.Notifier.Lines);
    }

    /// <summary>
    /// Files are kept in memory by resource version: a second read at one version does not go to the database, a close
    /// leaves its files for the next read, and another engine's change is read at its new version, never the kept one.
    /// Files beyond one INSERT statement's batch all land; a file whose text has NUL is not stored (as Porch's DB cache),
    /// and the first engine's kept copy leaves it out as a read from the database does.
    /// </summary>
    [Fact]
    public async Task Resources_KeptByResourceVersion_AnotherEnginesChangeReadAtItsNewVersion()
    {
        var adapter = new InMemoryRepositoryAdapter();
        await using var first = TestEngine.Create(adapter: adapter, storage: c => c.UseSqlite(SqlitePath));
        await using var second = TestEngine.Create(adapter: adapter, storage: c => c.UseSqlite(SqlitePath));
        await first.AddAsync(TestEngine.Describe("blueprints", "memory://b"));
        await second.AddAsync(TestEngine.Describe("blueprints", "memory://b"));
        var created = await first.Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { PackageName = "app", WorkspaceName = "ws1", Repository = "blueprints" },
        });
        var edit = await first.Engine.GetPackageRevisionResourcesAsync("default", created.Metadata.Name!);
        for (var i = 0; i < 250; i++)
        {
            edit.Spec.Resources[$"cm-{i:D3}.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:D3}\n";
        }

        edit.Spec.Resources["blob.bin"] = "a\0b";
        await first.Engine.UpdatePackageRevisionResourcesAsync(edit);
        edit.Spec.Resources.Remove("blob.bin");
        var firstCache = first.Services.GetRequiredService<Porch.Cache.Database.CacheDatabase>().Resources;
        var misses = firstCache.Misses;
        Assert.Equal(edit.Spec.Resources.Count, (await first.Engine.GetPackageRevisionResourcesAsync("default", created.Metadata.Name!)).Spec.Resources.Count);
        Assert.Equal(misses, firstCache.Misses);

        // The second engine reads the rows once, then from memory.
        var cache = second.Services.GetRequiredService<Porch.Cache.Database.CacheDatabase>().Resources;
        var read = await second.Engine.GetPackageRevisionResourcesAsync("default", created.Metadata.Name!);
        Assert.Equal(edit.Spec.Resources.OrderBy(r => r.Key, StringComparer.Ordinal), read.Spec.Resources.OrderBy(r => r.Key, StringComparer.Ordinal));
        var (hits, missed) = (cache.Hits, cache.Misses);
        await second.Engine.GetPackageRevisionResourcesAsync("default", created.Metadata.Name!);
        Assert.Equal(missed, cache.Misses);
        Assert.True(cache.Hits > hits);

        // A change on the first engine is a new resource version: the second reads it from the database.
        read.Spec.Resources["cm-000.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: changed\n";
        var updated = await first.Engine.UpdatePackageRevisionResourcesAsync(read);
        var again = await second.Engine.GetPackageRevisionResourcesAsync("default", created.Metadata.Name!);
        Assert.Equal(updated.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Contains("name: changed", again.Spec.Resources["cm-000.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_TwoCachesOnOneFile_ParallelClaimsOfOneVersion_ExactlyOneWins()
    {
        await ClaimRace.AssertExactlyOneWinsAsync(c => c.UseSqlite(SqlitePath));
    }

    [Fact]
    public async Task OpenConnectionAsync_MissingFolder_CreatesItOnFirstUseOnly()
    {
        var path = Path.Combine(_folder, "nested", "deeper", "cache.db");
        var driver = new SqliteCacheDriver(path);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        await using (var connection = await driver.OpenConnectionAsync(CancellationToken.None))
        {
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        Assert.True(File.Exists(path));
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
