using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Cache;
using Porch.Cache.Database;
using Porch.Cache.Internal;
using Porch.Cache.Sqlite;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Testing;

namespace Porch.Benchmarks.Cache;

/// <summary>A package cache (memory or SQLite) over repositories that <see cref="Open"/> fills, built outside the measured code.</summary>
internal sealed class CacheFixture : IAsyncDisposable
{
    private CacheFixture(PorchPackageCache cache, IPackageRevisionMetadataStore metadata, CacheDatabase? database)
    {
        Cache = cache;
        Metadata = metadata;
        Database = database;
    }

    public PorchPackageCache Cache { get; }

    public IPackageRevisionMetadataStore Metadata { get; }

    public CacheDatabase? Database { get; }

    /// <summary>A cache in process memory.</summary>
    public static CacheFixture CreateMemory(IRepositoryAdapter adapter) => Create(adapter, driver: null);

    /// <summary>A cache in the SQLite file <paramref name="databasePath"/> (Porch.Cache.Sqlite's driver).</summary>
    public static CacheFixture CreateSqlite(IRepositoryAdapter adapter, string databasePath) => Create(adapter, new SqliteCacheDriver(databasePath));

    private static CacheFixture Create(IRepositoryAdapter adapter, CacheDatabaseDriver? driver)
    {
        var wrapped = Options.Create(new PorchCacheOptions());
        var database = driver is null ? null : new CacheDatabase(driver, wrapped, TimeProvider.System);
        IPackageRevisionMetadataStore metadata = database is null ? new MemoryMetadataStore() : new DatabaseMetadataStore(database);
        var cache = new PorchPackageCache([adapter], metadata, new NullNotifier(), TimeProvider.System, wrapped, database, NullLogger<PorchPackageCache>.Instance);
        return new CacheFixture(cache, metadata, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        Database?.Dispose();
    }

    /// <summary>Fills an in-memory repository with <paramref name="packages"/> packages of <paramref name="revisionsPerPackage"/> published revisions each.</summary>
    public static async Task FillAsync(InMemoryRepository repository, int packages, int revisionsPerPackage)
    {
        for (var p = 0; p < packages; p++)
        {
            var name = "pkg" + p.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
            for (var r = 1; r <= revisionsPerPackage; r++)
            {
                var draft = await repository.CreatePackageRevisionDraftAsync(new PackageRevision
                {
                    Spec = new PackageRevisionSpec { PackageName = name, WorkspaceName = "ws" + r, Repository = repository.Key.Name },
                });
                await draft.UpdateResourcesAsync(
                    new Dictionary<string, string> { ["Kptfile"] = $"apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {name}\n" },
                    new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = name } });
                await draft.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
                await repository.ClosePackageRevisionDraftAsync(draft, r);
            }
        }
    }

    private sealed class NullNotifier : IPackageRevisionChangeNotifier
    {
        public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision) => 0;
    }
}
