using Porch.Cache;
using Porch.Cache.Database;
using Porch.Cache.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the Porch.Cache package cache in a SQLite file: <c>services.AddPorchEngine().WithCache().UseSqlite("porch.db")</c>.</summary>
public static class SqliteCacheBuilderExtensions
{
    /// <summary>
    /// Keeps the cache's revisions, their files and their metadata in a SQLite database file (Porch's DB cache on one
    /// machine): warm after a restart, for one engine process. The file, its folder and its schema are created on first
    /// use. Replaces any storage set before.
    /// </summary>
    /// <param name="builder">The cache builder <c>WithCache()</c> returned.</param>
    /// <param name="databasePath">The database file (relative paths are resolved against the current directory).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is null or empty.</exception>
    public static IPorchCacheBuilder UseSqlite(this IPorchCacheBuilder builder, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        return CacheDatabaseServices.UseDatabase(builder, ServiceDescriptor.Singleton<CacheDatabaseDriver>(new SqliteCacheDriver(databasePath)));
    }
}
