using Microsoft.Extensions.DependencyInjection;
using Porch.Cache.Database;
using Porch.Cache.Internal;
using Porch.Cache.Sources;
using Porch.Engine.Repositories;

namespace Porch.Cache.Sqlite.Tests.DependencyInjection;

public sealed class SqliteCacheBuilderExtensionsTests
{
    [Fact]
    public async Task WithCache_Sqlite_UsesTheDatabaseMetadataStore_AndWithRepositoryFolderReplacesTheSource()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache().UseSqlite(Path.Combine(Path.GetTempPath(), "unused.db")).WithRepositoryFolder(Path.GetTempPath());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<DatabaseMetadataStore>(provider.GetRequiredService<IPackageRevisionMetadataStore>());
        Assert.IsType<FolderRepositorySource>(provider.GetRequiredService<IRepositorySource>());
        Assert.IsType<SqliteCacheDriver>(provider.GetRequiredService<CacheDatabase>().Driver);
    }

    [Fact]
    public async Task UseSqlite_Twice_OneDriverAndOneDatabase()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithCache().UseSqlite("first.db").UseSqlite("second.db");
        Assert.Single(services, d => d.ServiceType == typeof(CacheDatabaseDriver));
        Assert.Single(services, d => d.ServiceType == typeof(CacheDatabase));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<PorchPackageCache>(provider.GetRequiredService<Porch.Engine.Caching.IPackageCache>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void UseSqlite_WithoutPath_FailsFast(string? path)
    {
        var cache = new ServiceCollection().AddPorchEngine().WithCache();
        var ex = Assert.ThrowsAny<ArgumentException>(() => cache.UseSqlite(path!)); // the null is the case under test
        Assert.Equal("databasePath", ex.ParamName);
    }
}
