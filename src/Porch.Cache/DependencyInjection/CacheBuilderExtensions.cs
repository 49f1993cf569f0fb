using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Cache;
using Porch.Cache.Database;
using Porch.Cache.Hosting;
using Porch.Cache.Internal;
using Porch.Cache.Sources;
using Porch.Engine;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Porch.Cache to an engine: <c>services.AddPorchEngine().WithCache()</c>, then optionally a storage (<c>.UseSqlite("porch.db")</c>).</summary>
public static class CacheBuilderExtensions
{
    /// <summary>
    /// Replaces the engine's pass-through cache with the Porch.Cache package cache, its metadata store, a SyncManager per
    /// open repository, and the background repository process (an <c>IHostedService</c>) fed by an
    /// <see cref="IRepositorySource"/> (<see cref="InMemoryRepositorySource"/> unless another is set). Revisions and
    /// metadata are kept in process memory unless a storage is chosen on the returned builder: <c>.UseSqlite(path)</c>
    /// (package Porch.Cache.Sqlite) or <c>.UsePostgreSql()</c> (package Porch.Cache.PostgreSql). Resolve
    /// <see cref="IPorchCacheReadiness"/> for readiness. Safe to call more than once.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, as a cache builder.</returns>
    public static IPorchCacheBuilder WithCache(this IPorchEngineBuilder builder, Action<PorchCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PorchCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PorchCacheOptions>, PorchCacheOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RepositoryRegistry>();
        services.TryAddSingleton<MemoryMetadataStore>();
        services.TryAddSingleton<PorchPackageCache>();
        services.Replace(ServiceDescriptor.Singleton<IPackageCache>(sp => sp.GetRequiredService<PorchPackageCache>()));

        // A driver package registers CacheDatabase (CacheDatabaseServices.UseDatabase); without one the cache is memory.
        services.Replace(ServiceDescriptor.Singleton<IPackageRevisionMetadataStore>(sp =>
            sp.GetService<CacheDatabase>() is { } database ? new DatabaseMetadataStore(database) : sp.GetRequiredService<MemoryMetadataStore>()));
        services.TryAddSingleton<InMemoryRepositorySource>();
        services.TryAddSingleton<IRepositorySource>(sp => sp.GetRequiredService<InMemoryRepositorySource>());
        services.TryAddSingleton<CacheReadiness>();
        services.TryAddSingleton<IPorchCacheReadiness>(sp => sp.GetRequiredService<CacheReadiness>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RepositorySyncService>());
        services.TryAddSingleton(sp => new PorchCacheHealthCheck(
            sp.GetRequiredService<IPorchCacheReadiness>(), sp.GetRequiredService<IReferenceResolver>(), sp.GetRequiredService<PorchPackageCache>(),
            sp.GetRequiredService<IOptions<PorchCacheOptions>>(), sp.GetRequiredService<TimeProvider>()));
        return builder as IPorchCacheBuilder ?? new PorchCacheBuilder(services);
    }

    /// <summary>Feeds the background repository process from <paramref name="source"/> instead of the in-memory source.</summary>
    /// <param name="builder">The cache builder.</param>
    /// <param name="source">The source.</param>
    /// <returns>The builder.</returns>
    public static IPorchCacheBuilder WithRepositorySource(this IPorchCacheBuilder builder, IRepositorySource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.Replace(ServiceDescriptor.Singleton(source));
        return builder;
    }

    /// <summary>Feeds the background repository process from the Repository YAML and JSON files of <paramref name="folder"/> (watched).</summary>
    /// <param name="builder">The cache builder.</param>
    /// <param name="folder">The folder.</param>
    /// <returns>The builder.</returns>
    public static IPorchCacheBuilder WithRepositoryFolder(this IPorchCacheBuilder builder, string folder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRepositorySource>(sp =>
            new FolderRepositorySource(folder, sp.GetService<ILogger<FolderRepositorySource>>())));
        return builder;
    }
}
