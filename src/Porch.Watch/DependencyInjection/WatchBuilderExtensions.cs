using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Engine.Watch;
using Porch.Watch;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers package revision watches.</summary>
public static class WatchBuilderExtensions
{
    /// <summary>
    /// Makes the engine publish every change to an <see cref="IPackageRevisionWatchService"/> (replacing the no-op
    /// notifier), and the repository registry every Repository change to an <see cref="IRepositoryWatchService"/>. With a
    /// shared change feed registered (<c>UsePostgreSql()</c> of Porch.Cache.PostgreSql), package revision watchers are
    /// served from the feed, so they see the changes of every replica on the database; a hosted service starts following
    /// it when the host starts. Calling it twice is harmless.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Configures <see cref="WatchOptions"/>; validated at start.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithWatch(this IPorchEngineBuilder builder, Action<WatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WatchOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatchOptions>, WatchOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<PackageRevisionWatcherManager>();
        services.TryAddSingleton<IPackageRevisionWatchService>(sp => sp.GetRequiredService<PackageRevisionWatcherManager>());
        services.Replace(ServiceDescriptor.Singleton<IPackageRevisionChangeNotifier>(sp => sp.GetRequiredService<PackageRevisionWatcherManager>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Porch.Watch.Internal.ChangeFeedFollowerService>());
        services.TryAddSingleton<IRepositoryWatchService>(sp => sp.GetRequiredService<PackageRevisionWatcherManager>());
        services.Replace(ServiceDescriptor.Singleton<IRepositoryChangeNotifier>(sp => sp.GetRequiredService<PackageRevisionWatcherManager>()));
        return builder;
    }
}
