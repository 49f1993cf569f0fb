using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Porch.Cache.Hosting;
using Porch.Cache.Internal;
using Porch.Cache.Sources;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Porch.Cache.Tests.DependencyInjection;

public sealed class CacheBuilderExtensionsTests
{
    [Fact]
    public async Task WithCache_Twice_ResolvesOneCacheOneHostedServiceAndReadiness()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache().WithCache(o => o.DefaultSyncFrequency = TimeSpan.FromMinutes(1));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<PorchPackageCache>(provider.GetRequiredService<IPackageCache>());
        Assert.IsType<MemoryMetadataStore>(provider.GetRequiredService<IPackageRevisionMetadataStore>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<RepositorySyncService>());
        Assert.IsType<InMemoryRepositorySource>(provider.GetRequiredService<IRepositorySource>());
        Assert.False(provider.GetRequiredService<IPorchCacheReadiness>().IsReady);
        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IOptions<PorchCacheOptions>>().Value.DefaultSyncFrequency);
    }

    [Fact]
    public async Task WithCache_NoStorage_MemoryStores_AndWithRepositoryFolderReplacesTheSource()
    {
        var services = new ServiceCollection();
        var cache = services.AddPorchEngine().WithCache().WithRepositoryFolder(Path.GetTempPath());
        cache.WithUserInfoProvider<Porch.Testing.TestUserInfoProvider>(); // the cache builder is an engine builder: engine methods chain
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(Porch.Cache.Database.CacheDatabase));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<MemoryMetadataStore>(provider.GetRequiredService<IPackageRevisionMetadataStore>());
        Assert.IsType<FolderRepositorySource>(provider.GetRequiredService<IRepositorySource>());
    }

    [Fact]
    public async Task WithCache_BackoffBounds_Validated()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache(o => { o.RetryMinDelay = TimeSpan.FromSeconds(40); o.RetryMaxDelay = TimeSpan.FromSeconds(30); });
        await using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PorchCacheOptions>>().Value);
    }
}

public sealed class PorchCacheHealthCheckTests
{
    [Fact]
    public async Task HealthCheck_UnhealthyWhileWarming_HealthyOnceReady()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var check = provider.GetRequiredService<PorchCacheHealthCheck>();
        var registration = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("porch-cache", check, null, null);
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext { Registration = registration };

        var warming = await check.CheckHealthAsync(context);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, warming.Status);
        Assert.StartsWith("cache warming up", warming.Description, StringComparison.Ordinal);

        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await provider.GetRequiredService<IPorchCacheReadiness>().WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var ready = await check.CheckHealthAsync(context);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, ready.Status);
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
