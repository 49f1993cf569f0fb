using Microsoft.Extensions.DependencyInjection;
using Porch.Cache.Tests.Storage;

namespace Porch.Cache.Sqlite.Tests;

/// <summary>The storage-independent cache tests (<see cref="CacheStorageTests"/>) on a SQLite file of their own.</summary>
public sealed class SqliteCacheStorageTests : CacheStorageTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("porch-cache-sqlite-").FullName;

    protected override bool IsDatabase => true;

    protected override void UseStorage(IPorchCacheBuilder cache) => cache.UseSqlite(Path.Combine(_folder, "cache.db"));

    protected override void Dispose(bool disposing)
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
