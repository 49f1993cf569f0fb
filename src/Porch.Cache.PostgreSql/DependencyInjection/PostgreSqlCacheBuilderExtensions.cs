using Npgsql;
using Porch.Cache;
using Porch.Cache.Database;
using Porch.Cache.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Keeps the Porch.Cache package cache in PostgreSQL, shared by several engine replicas:
/// <c>services.AddNpgsqlDataSource(connectionString); services.AddPorchEngine().WithCache().UsePostgreSql()</c>.
/// </summary>
public static class PostgreSqlCacheBuilderExtensions
{
    /// <summary>
    /// Keeps the cache's revisions, their files and their metadata in the PostgreSQL database of the
    /// <see cref="NpgsqlDataSource"/> registered in DI (Npgsql.DependencyInjection's <c>services.AddNpgsqlDataSource(...)</c>,
    /// which also owns and disposes it). Replicas on one database share the cache, and the database decides which of
    /// several updates made from the same resource version wins. The schema is created or migrated on first use.
    /// Replaces any storage set before.
    /// </summary>
    /// <param name="builder">The cache builder <c>WithCache()</c> returned.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Without an <see cref="NpgsqlDataSource"/> in DI, building the provider with <c>ValidateOnBuild</c> fails, and so
    /// does resolving the cache otherwise.
    /// </remarks>
    public static IPorchCacheBuilder UsePostgreSql(this IPorchCacheBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return CacheDatabaseServices.UseDatabase(builder, ServiceDescriptor.Singleton<CacheDatabaseDriver, PostgreSqlCacheDriver>());
    }

    /// <summary>
    /// Keeps the cache in the PostgreSQL database of <paramref name="connectionString"/>, through a data source of the
    /// cache's own (created when the cache is first resolved and disposed with the container), leaving any
    /// <see cref="NpgsqlDataSource"/> in DI to the host. Otherwise as <see cref="UsePostgreSql(IPorchCacheBuilder)"/>.
    /// </summary>
    /// <param name="builder">The cache builder <c>WithCache()</c> returned.</param>
    /// <param name="connectionString">The connection string (<c>Host=...;Port=...;Username=...;Database=...</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or empty.</exception>
    public static IPorchCacheBuilder UsePostgreSql(this IPorchCacheBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return CacheDatabaseServices.UseDatabase(builder,
            ServiceDescriptor.Singleton<CacheDatabaseDriver>(_ => PostgreSqlCacheDriver.FromConnectionString(connectionString)));
    }
}
