using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// Issue 26 item 2: the engine stores a revision's metadata in the transaction that records the closed draft, never
/// before it, so a writer that loses the race writes nothing and has nothing to put back over the winner's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MetadataInCloseTests
{
    [PostgresFact]
    public async Task TwoReplicas_SixteenRacingUpdatesWithLabels_TheStoredMetadataIsTheWinnersOnBoth()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);
        var created = await a.CreateAsync("app");
        created.Metadata.Annotations["attempt"] = "before";
        var basis = await a.Engine.UpdatePackageRevisionAsync(created);

        // A starting gate, not a wait for time: every writer awaits it, so all 16 leave together.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var engine = i % 2 == 0 ? a.Engine : b.Engine;
            var request = await engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
            request.Metadata.ResourceVersion = basis.Metadata.ResourceVersion;
            request.Metadata.Annotations["attempt"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            request.Metadata.Labels["attempt"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await gate.Task;
            try
            {
                return (Winner: (PackageRevision?)await engine.UpdatePackageRevisionAsync(request), Error: (PorchException?)null);
            }
            catch (PorchException ex)
            {
                return (Winner: null, Error: ex);
            }
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Winner is not null).Winner!;
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal(PorchErrorCode.Conflict, r.Error!.ErrorCode));
        foreach (var engine in new[] { a, b })
        {
            var stored = await engine.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
            Assert.Equal(winner.Metadata.Annotations["attempt"], stored.Metadata.Annotations["attempt"]);
            Assert.Equal(winner.Metadata.Labels["attempt"], stored.Metadata.Labels["attempt"]);
            Assert.Equal(winner.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
        }
    }

    [PostgresFact]
    public async Task FailedClose_LeavesTheStoredMetadataAsItWas()
    {
        var connection = await Replica.NewDatabaseAsync();
        using var remote = new GitRemote();
        await using var a = Replica.Create(connection);
        await a.AddAsync(TestEngine.Describe("blueprints", remote.Bare));
        var created = await a.CreateAsync("app");
        created.Metadata.Labels["team"] = "blue";
        var current = await a.Engine.UpdatePackageRevisionAsync(created);

        // The Git server goes away: the update's close cannot push, so the update fails.
        Directory.Move(remote.Bare, remote.Bare + ".gone");
        current.Metadata.Labels["team"] = "red";
        await Assert.ThrowsAnyAsync<PorchException>(() => a.Engine.UpdatePackageRevisionAsync(current));

        var stored = await a.Engine.GetPackageRevisionAsync("default", "blueprints.app.ws1");
        Assert.Equal("blue", stored.Metadata.Labels["team"]);
        Directory.Move(remote.Bare + ".gone", remote.Bare);
    }
}
