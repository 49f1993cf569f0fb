using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Porch.Cache.Database;

/// <summary>How a driver package switches the cache from memory to its database (used by <c>UseSqlite</c> and <c>UsePostgreSql</c>).</summary>
internal static class CacheDatabaseServices
{
    /// <summary>
    /// Makes <paramref name="driver"/> the cache's storage: the last driver set wins, so a host that calls two storage
    /// methods gets the last. <see cref="CacheDatabase"/> is registered once; with it present, <c>WithCache()</c>'s
    /// registrations resolve the database revision and metadata stores instead of the memory ones, and Secrets are kept in
    /// the database too (<see cref="DatabaseSecretStore"/>, replacing any secret store set before).
    /// </summary>
    /// <param name="builder">The cache builder.</param>
    /// <param name="driver">The driver registration (a singleton).</param>
    /// <returns>The builder.</returns>
    public static IPorchCacheBuilder UseDatabase(IPorchCacheBuilder builder, ServiceDescriptor driver)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(driver);
        builder.Services.RemoveAll<Porch.Engine.Watch.IPackageRevisionChangeFeed>(); // a driver with a feed registers its own after this
        builder.Services.TryAddSingleton<CacheDatabase>();
        builder.Services.Replace(ServiceDescriptor.Singleton<Porch.Engine.Repositories.ISecretStore, DatabaseSecretStore>());
        return builder;
    }
}
