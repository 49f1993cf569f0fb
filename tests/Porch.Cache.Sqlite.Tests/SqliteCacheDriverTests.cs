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
