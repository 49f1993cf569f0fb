using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Testing;
using Porch.Krm;

namespace Porch.Benchmarks.Cache;

/// <summary>
/// Listing 10,000 cached revisions (1,000 packages × 10 published revisions; the cache also holds a placeholder per
/// package) from the memory cache and the SQLite cache: all, one package, and by label (10% carry <c>team=a</c>).
/// Baseline per category: the same list from the in-memory repository itself (for labels: that list plus a label
/// lookup per revision), the floor a cache can hope to reach. Goals: memory full ≤ 5 ms, memory filtered ≤ 0.2 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CacheListBenchmarks
{
    private static readonly PackageRevisionFilter ByPackage = new() { PackageName = "pkg0500" };
    private static readonly PackageRevisionFilter ByLabel = new() { Labels = LabelSelector.Parse("team=a") };
    private readonly Dictionary<string, Dictionary<string, string>> _labels = new(StringComparer.Ordinal);
    private string _folder = "";
    private InMemoryRepository _source = null!;
    private CacheFixture _memory = null!;
    private CacheFixture _sqlite = null!;
    private IRepository _memoryRepository = null!;
    private IRepository _sqliteRepository = null!;

    [GlobalSetup]
    public Task Setup() => SetupAsync();

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _memory.DisposeAsync();
        await _sqlite.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [BenchmarkCategory("Full"), Benchmark(Baseline = true, Description = "floor: in-memory repository, all")]
    public Task<IReadOnlyList<IPackageRevision>> FullFloor() => _source.ListPackageRevisionsAsync(PackageRevisionFilter.All);

    [BenchmarkCategory("Full"), Benchmark(Description = "memory cache, all")]
    public Task<IReadOnlyList<IPackageRevision>> FullMemory() => _memoryRepository.ListPackageRevisionsAsync(PackageRevisionFilter.All);

    [BenchmarkCategory("Full"), Benchmark(Description = "SQLite cache, all")]
    public Task<IReadOnlyList<IPackageRevision>> FullSqlite() => _sqliteRepository.ListPackageRevisionsAsync(PackageRevisionFilter.All);

    [BenchmarkCategory("Package"), Benchmark(Baseline = true, Description = "floor: in-memory repository, one package")]
    public Task<IReadOnlyList<IPackageRevision>> PackageFloor() => _source.ListPackageRevisionsAsync(ByPackage);

    [BenchmarkCategory("Package"), Benchmark(Description = "memory cache, one package")]
    public Task<IReadOnlyList<IPackageRevision>> PackageMemory() => _memoryRepository.ListPackageRevisionsAsync(ByPackage);

    [BenchmarkCategory("Package"), Benchmark(Description = "SQLite cache, one package")]
    public Task<IReadOnlyList<IPackageRevision>> PackageSqlite() => _sqliteRepository.ListPackageRevisionsAsync(ByPackage);

    [BenchmarkCategory("Label"), Benchmark(Baseline = true, Description = "floor: in-memory repository + label lookup")]
    public async Task<int> LabelFloor()
    {
        var all = await _source.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        var count = 0;
        foreach (var revision in all)
        {
            if (_labels.TryGetValue(revision.Key.ObjectName, out var labels) && ByLabel.Labels!.Matches(labels))
            {
                count++;
            }
        }

        return count;
    }

    [BenchmarkCategory("Label"), Benchmark(Description = "memory cache, team=a")]
    public Task<IReadOnlyList<IPackageRevision>> LabelMemory() => _memoryRepository.ListPackageRevisionsAsync(ByLabel);

    [BenchmarkCategory("Label"), Benchmark(Description = "SQLite cache, team=a")]
    public Task<IReadOnlyList<IPackageRevision>> LabelSqlite() => _sqliteRepository.ListPackageRevisionsAsync(ByLabel);

    private async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("porch-cache-bench-").FullName;
        var adapter = new InMemoryRepositoryAdapter();
        var repository = new Porch.Engine.Api.Repository
        {
            Metadata = new ObjectMeta { Namespace = "default", Name = "blueprints" },
            Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = "memory://blueprints", Branch = "main" } },
        };
        _source = adapter.GetRepository(repository);
        await CacheFixture.FillAsync(_source, packages: 1_000, revisionsPerPackage: 10);
        _memory = CacheFixture.CreateMemory(adapter);
        _sqlite = CacheFixture.CreateSqlite(adapter, Path.Combine(_folder, "cache.db"));
        _memoryRepository = await _memory.Cache.OpenRepositoryAsync(repository);
        _sqliteRepository = await _sqlite.Cache.OpenRepositoryAsync(repository);
        var all = await _source.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        for (var i = 0; i < all.Count; i += 10)
        {
            var name = all[i].Key.ObjectName;
            var meta = new ObjectMeta { Labels = { ["team"] = "a" } };
            await _memory.Metadata.SetAsync("default", name, meta);
            await _sqlite.Metadata.SetAsync("default", name, meta);
            _labels[name] = meta.Labels;
        }
    }
}
