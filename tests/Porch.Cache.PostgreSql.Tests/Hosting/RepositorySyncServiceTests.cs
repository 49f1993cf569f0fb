using Microsoft.Extensions.DependencyInjection;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;

namespace Porch.Cache.PostgreSql.Tests.Hosting;

/// <summary>The background repository process on PostgreSQL: warm before ready after a restart.</summary>
[Trait("Category", "Integration")]
public sealed class RepositorySyncServiceTests
{
    [PostgresFact]
    public async Task Restart_OnPostgreSql_ServesTheCacheWarmBeforeReportingReady()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        using var remote = new GitRemote();
        remote.PublishPackage("pkg-a", 1);
        remote.PublishPackage("pkg-b", 1);
        remote.PublishPackage("pkg-c", 1);
        // The cache takes the NpgsqlDataSource registered in DI (Npgsql.DependencyInjection), as a host does.
        await using (var first = TestEngine.Create(configure: b => b.Services.AddNpgsqlDataSource(connection), storage: c => c.UsePostgreSql()))
        {
            first.Source.AddOrUpdate(TestEngine.Describe("blueprints", remote.Bare));
            await first.Background.StartAsync(CancellationToken.None);
            await first.Readiness.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(6, (await first.NamesAsync("blueprints")).Length);
            await first.Background.StopAsync(CancellationToken.None);
        }

        await using var restarted = TestEngine.Create(configure: b => b.Services.AddNpgsqlDataSource(connection), storage: c => c.UsePostgreSql());
        restarted.Source.AddOrUpdate(TestEngine.Describe("blueprints", remote.Bare));
        Assert.False(restarted.Readiness.IsReady);
        await restarted.Background.StartAsync(CancellationToken.None);
        await restarted.Readiness.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // Ready means warm: the repository is registered and open, its revisions come from the database (synced at
        // this version before the restart, so nothing was re-read or re-announced).
        Assert.Empty(restarted.Readiness.PendingRepositories);
        Assert.NotNull(restarted.Cache.FindSyncHandler("default", "blueprints"));
        Assert.Equal(
            ["blueprints.pkg-a.main", "blueprints.pkg-a.v1", "blueprints.pkg-b.main", "blueprints.pkg-b.v1", "blueprints.pkg-c.main", "blueprints.pkg-c.v1"],
            await restarted.NamesAsync("blueprints"));
        Assert.Empty(restarted.Notifier.Lines);
        Assert.Equal("Ready", Assert.Single((await restarted.Registry.GetRepositoryAsync("default", "blueprints"))!.Status.Conditions).Reason);
        await restarted.Background.StopAsync(CancellationToken.None);
    }
}
