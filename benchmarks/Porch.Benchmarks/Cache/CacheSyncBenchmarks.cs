using BenchmarkDotNet.Attributes;
using Porch.Benchmarks.Git;
using Porch.Cache.Internal;
using Porch.Engine.Repositories;
using Porch.Repository.Git;

namespace Porch.Benchmarks.Cache;

/// <summary>
/// A sync of a Git repository of 1,000 published revisions (100 packages × 10, plus placeholders) when nothing
/// changed: the repository version (one <c>git ls-remote</c>) is compared with the one last synced. Baseline: asking
/// the adapter for the version alone. Goal: ≤ 10 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CacheSyncBenchmarks
{
    private string _root = "";
    private GitRepositoryAdapter _adapter = null!;
    private CacheFixture _memory = null!;
    private CacheFixture _sqlite = null!;
    private CachedRepository _memoryRepository = null!;
    private CachedRepository _sqliteRepository = null!;

    [GlobalSetup]
    public Task Setup() => SetupAsync();

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _memory.DisposeAsync();
        await _sqlite.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "floor: adapter VersionAsync (git ls-remote)")]
    public Task<string> VersionFloor() => _memoryRepository.Source.VersionAsync();

    [Benchmark(Description = "memory cache: no-change sync, 1,000 revisions")]
    public async Task<bool> NoChangeMemory() => (await _memoryRepository.SyncAsync(CancellationToken.None)).VersionChanged;

    [Benchmark(Description = "SQLite cache: no-change sync, 1,000 revisions")]
    public async Task<bool> NoChangeSqlite() => (await _sqliteRepository.SyncAsync(CancellationToken.None)).VersionChanged;

    private async Task SetupAsync()
    {
        _root = Directory.CreateTempSubdirectory("porch-cache-sync-bench-").FullName;
        var remote = Path.Combine(_root, "remote.git");
        GitRepositoryBenchmarks.Shell(_root, "git init -q --bare --initial-branch=main remote.git");
        GitRepositoryBenchmarks.BuildListRemote(remote, packages: 100, revisionsPerPackage: 10);
        _adapter = GitRepositoryBenchmarks.NewAdapter(Path.Combine(_root, "git-cache"));
        var repository = GitRepositoryBenchmarks.Describe(remote, createBranch: false);
        _memory = CacheFixture.CreateMemory(_adapter);
        _sqlite = CacheFixture.CreateSqlite(_adapter, Path.Combine(_root, "cache.db"));
        _memoryRepository = (CachedRepository)await _memory.Cache.OpenRepositoryAsync(repository);
        var other = GitRepositoryBenchmarks.Describe(remote, createBranch: false);
        other.Metadata.Name = "blueprints2";
        _sqliteRepository = (CachedRepository)await _sqlite.Cache.OpenRepositoryAsync(other);
        var count = (await _memoryRepository.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Count;
        if (count < 1_000 || (await _memoryRepository.SyncAsync(CancellationToken.None)).VersionChanged)
        {
            throw new InvalidOperationException($"fixture not as expected: {count} revisions");
        }
    }
}
