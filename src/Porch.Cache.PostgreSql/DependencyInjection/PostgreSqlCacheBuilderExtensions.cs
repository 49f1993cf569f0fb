using Npgsql;
using Porch.Cache;
using Porch.Cache.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Porch.Cache.PostgreSql;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

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
    /// does resolving the cache otherwise. Registers the cache's change feed as the engine's
    /// <see cref="IPackageRevisionChangeFeed"/>: with Porch.Watch's <c>WithWatch()</c>, every replica's watchers see the
    /// changes of all replicas, background syncs of each repository run on one replica at a time, and approvals of one
    /// repository on several replicas take turns (<see cref="IRepositoryBranchLock"/>) instead of losing pushes to each other.
    /// </remarks>
    public static IPorchCacheBuilder UsePostgreSql(this IPorchCacheBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CacheDatabaseServices.UseDatabase(builder, ServiceDescriptor.Singleton<CacheDatabaseDriver, PostgreSqlCacheDriver>());
        return AddChangeFeed(builder);
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
        CacheDatabaseServices.UseDatabase(builder,
            ServiceDescriptor.Singleton<CacheDatabaseDriver>(_ => PostgreSqlCacheDriver.FromConnectionString(connectionString)));
        return AddChangeFeed(builder);
    }

    /// <summary>
    /// The change feed every replica's watch service follows (Porch.Watch's <c>WithWatch()</c> picks it up), and the
    /// lock replicas take before moving a repository's registered branch (the Git adapter picks it up).
    /// </summary>
    private static IPorchCacheBuilder AddChangeFeed(IPorchCacheBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryBranchLock, PostgreSqlBranchLock>());
        builder.Services.TryAddSingleton<PostgreSqlChangeFeed>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IPackageRevisionChangeFeed>(sp => sp.GetRequiredService<PostgreSqlChangeFeed>()));
        return builder;
    }
}
