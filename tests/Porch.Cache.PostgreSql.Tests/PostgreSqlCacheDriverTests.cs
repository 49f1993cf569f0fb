using Microsoft.Extensions.DependencyInjection;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Cache.PostgreSql.Tests;

/// <summary>The database cache on a real PostgreSQL server, shared by two caches or two engines.</summary>
[Trait("Category", "Integration")]
public sealed class PostgreSqlCacheDriverTests
{
    [PostgresFact]
    public async Task PostgreSql_TwoCachesOnOneDatabase_ParallelClaimsOfOneVersion_ExactlyOneWins()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        await ClaimRace.AssertExactlyOneWinsAsync(c => c.UsePostgreSql(connection));
    }

    [PostgresFact]
    public async Task PostgreSql_TwoEnginesOnOneGitRepository_SixteenParallelUpdatesWithOneVersion_ExactlyOneWins()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        using var remote = new GitRemote();
        await using var a = TestEngine.Create(storage: c => c.UsePostgreSql(connection));
        await using var b = TestEngine.Create(storage: c => c.UsePostgreSql(connection));
        await a.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        await b.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        await a.Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { PackageName = "app", WorkspaceName = "ws1", Repository = "blueprints" },
        });

        // Engine B sees engine A's write through the shared database, at the same resource version.
        var seenByA = await a.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        var seenByB = await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        Assert.Equal(seenByA.Metadata.ResourceVersion, seenByB.Metadata.ResourceVersion);

        // A starting gate, not a wait for time: every writer awaits it, so all 16 leave together.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var engine = i % 2 == 0 ? a.Engine : b.Engine;
            var request = await engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
            request.Metadata.ResourceVersion = seenByA.Metadata.ResourceVersion;
            request.Metadata.Annotations["attempt"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await start.Task;
            try
            {
                return (Winner: (PackageRevision?)await engine.UpdatePackageRevisionAsync(request), Error: (PorchException?)null);
            }
            catch (PorchException ex)
            {
                return (Winner: null, Error: ex);
            }
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Winner is not null).Winner!;
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal(PorchErrorCode.Conflict, r.Error!.ErrorCode));
        var head = GitRemote.Git(remote.Bare, "rev-parse", "refs/heads/drafts/app/ws1").Trim();
        Assert.Equal(head, winner.Metadata.ResourceVersion);
        Assert.Equal(head, (await b.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1")).Metadata.ResourceVersion);
    }
}
