using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Porch.Cache.Database;
using Porch.Cache.Internal;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Porch.Cache.PostgreSql.Tests.DependencyInjection;

/// <summary>The DI paths of the PostgreSQL storage; none connects (no server needed).</summary>
public sealed class PostgreSqlCacheBuilderExtensionsTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=1;Username=porch;Database=porch";

    [Fact]
    public async Task UsePostgreSql_TakesTheDataSourceRegisteredInDI()
    {
        var services = new ServiceCollection();
        services.AddNpgsqlDataSource(ConnectionString);
        services.AddPorchEngine().WithCache().UsePostgreSql().WithRepositoryFolder(Path.GetTempPath());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<PorchPackageCache>(provider.GetRequiredService<IPackageCache>());
        Assert.IsType<DatabaseMetadataStore>(provider.GetRequiredService<IPackageRevisionMetadataStore>());
        Assert.IsType<PostgreSqlCacheDriver>(provider.GetRequiredService<CacheDatabase>().Driver);
    }

    [Fact]
    public async Task UsePostgreSql_DataSourceFromDI_StaysTheContainersToDispose()
    {
        var services = new ServiceCollection();
        services.AddNpgsqlDataSource(ConnectionString);
        services.AddPorchEngine().WithCache().UsePostgreSql();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        var driver = (PostgreSqlCacheDriver)provider.GetRequiredService<CacheDatabaseDriver>();
        await driver.DisposeAsync();
        await using var connection = dataSource.CreateConnection(); // throws ObjectDisposedException if the driver disposed it
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void UsePostgreSql_WithoutDataSourceInDI_FailsWhenTheProviderIsBuilt()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache().UsePostgreSql();
        var ex = Assert.Throws<AggregateException>(() => services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        Assert.Contains(ex.InnerExceptions, e => e.Message.Contains(nameof(NpgsqlDataSource), StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsePostgreSql_ConnectionString_OwnDataSource_LastStorageWins()
    {
        // The first call would need a data source in DI; the second replaces it, so the provider validates without one.
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache().UsePostgreSql().UsePostgreSql(ConnectionString);
        Assert.Single(services, d => d.ServiceType == typeof(CacheDatabaseDriver));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(NpgsqlDataSource));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<PostgreSqlCacheDriver>(provider.GetRequiredService<CacheDatabase>().Driver);
    }

    [Fact]
    public async Task UsePostgreSql_ConnectionString_ContainerDisposedSynchronously_DisposesTheCachesOwnDataSource()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache().UsePostgreSql(ConnectionString);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var driver = provider.GetRequiredService<CacheDatabase>().Driver;
        provider.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => driver.OpenConnectionAsync(CancellationToken.None).AsTask());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void UsePostgreSql_WithoutConnectionString_FailsFast(string? connectionString)
    {
        var cache = new ServiceCollection().AddPorchEngine().WithCache();
        var ex = Assert.ThrowsAny<ArgumentException>(() => cache.UsePostgreSql(connectionString!)); // the null is the case under test
        Assert.Equal("connectionString", ex.ParamName);
    }
}
