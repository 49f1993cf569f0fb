using Microsoft.Extensions.DependencyInjection;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>Engine replicas on one PostgreSQL database and one Git repository, with watches (<c>WithWatch()</c>).</summary>
internal static class Replica
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static TestEngine Create(string connection, TimeProvider? time = null, Action<PorchCacheOptions>? options = null) =>
        TestEngine.Create(options: options, time: time, storage: c => c.UsePostgreSql(connection), configure: b => b.WithWatch());

    public static IPackageRevisionWatchService Watch(this TestEngine engine) => engine.Services.GetRequiredService<IPackageRevisionWatchService>();

    public static IPackageRevisionChangeFeed Feed(this TestEngine engine) => engine.Services.GetRequiredService<IPackageRevisionChangeFeed>();

    public static async Task<long> LatestAsync(this TestEngine engine) => (await engine.Feed().GetBoundsAsync()).Latest;

    public static Task<PackageRevision> CreateAsync(this TestEngine engine, string package, string workspace = "ws1") =>
        engine.Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { PackageName = package, WorkspaceName = workspace, Repository = "blueprints" },
        });

    /// <summary>Proposes the draft, then approves it (the approval subresource).</summary>
    public static async Task<PackageRevision> ProposeAndApproveAsync(this TestEngine engine, string name)
    {
        var draft = await engine.Engine.GetPackageRevisionAsync("default", name);
        draft.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
        var proposed = await engine.Engine.UpdatePackageRevisionAsync(draft);
        proposed.Spec.Lifecycle = PackageRevisionLifecycle.Published;
        return await engine.Engine.UpdatePackageRevisionApprovalAsync(proposed);
    }

    /// <summary>Reads events until one for <paramref name="untilName"/> arrives; returns them all (that one included).</summary>
    public static async Task<List<WatchEvent>> ReadUntilAsync(IAsyncEnumerator<WatchEvent> events, string untilName)
    {
        var seen = new List<WatchEvent>();
        while (true)
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Patience), "the watch ended");
            seen.Add(events.Current);
            if (events.Current.Object.Metadata.Name == untilName)
            {
                return seen;
            }
        }
    }

    public static async Task<string> NewDatabaseAsync() => await PostgresServer.CreateDatabaseAsync();
}

/// <summary>
/// Replicas (<see cref="Replica.Create"/>) on a new database, each with the same Git repository (<see cref="Repository"/>,
/// a bare repository of its own) added; disposing it disposes the replicas, then the repository.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly List<TestEngine> _replicas = [];

    private ReplicaSet(string connection)
    {
        Connection = connection;
        Repository = TestEngine.Describe("blueprints", Remote.Bare);
    }

    public string Connection { get; }

    public GitRemote Remote { get; } = new();

    public Engine.Api.Repository Repository { get; }

    public TestEngine this[int index] => _replicas[index];

    public static async Task<ReplicaSet> StartAsync(int count)
    {
        var set = new ReplicaSet(await Replica.NewDatabaseAsync());
        try
        {
            for (var i = 0; i < count; i++)
            {
                var replica = Replica.Create(set.Connection);
                set._replicas.Add(replica);
                await replica.AddAsync(set.Repository);
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _replicas.Count - 1; i >= 0; i--)
        {
            await _replicas[i].DisposeAsync();
        }

        Remote.Dispose();
    }
}
