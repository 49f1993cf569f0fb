using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// The replicas' lock of a repository's registered branch (registered by <c>UsePostgreSql</c>): approvals of one
/// repository on several replicas take turns instead of losing pushes to each other.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BranchLockTests
{
    private static readonly RepositoryKey Blueprints = new("default", "blueprints", "", "main");

    [PostgresFact]
    public async Task Acquire_HeldByAnotherReplica_WaitsUntilItIsGivenBack_AndSaysItWaited()
    {
        var connection = await Replica.NewDatabaseAsync();
        await using var a = Replica.Create(connection);
        await using var b = Replica.Create(connection);

        var held = await LockOf(a).AcquireAsync(Blueprints, CancellationToken.None);
        Assert.False(held.Waited);
        var waiting = LockOf(b).AcquireAsync(Blueprints, CancellationToken.None).AsTask();
        await UntilSomeoneWaitsForTheLockAsync(connection);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(Replica.Patience);
        Assert.True(next.Waited);
    }

    [PostgresFact]
    public async Task Acquire_AnotherRepository_IsNotHeldUp()
    {
        var connection = await Replica.NewDatabaseAsync();
        await using var a = Replica.Create(connection);
        await using var b = Replica.Create(connection);

        await using var held = await LockOf(a).AcquireAsync(Blueprints, CancellationToken.None);
        await using var other = await LockOf(b).AcquireAsync(Blueprints with { Name = "deployments" }, CancellationToken.None).AsTask().WaitAsync(Replica.Patience);
        Assert.False(other.Waited);
    }

    [PostgresFact]
    public async Task Acquire_CancelledWhileWaiting_HoldsNothing()
    {
        var connection = await Replica.NewDatabaseAsync();
        await using var a = Replica.Create(connection);
        await using var b = Replica.Create(connection);

        var held = await LockOf(a).AcquireAsync(Blueprints, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = LockOf(b).AcquireAsync(Blueprints, cts.Token).AsTask();
        await UntilSomeoneWaitsForTheLockAsync(connection);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Replica.Patience));

        // The cancelled waiter holds nothing: once the holder gives the lock back, a third asker gets it at once.
        await held.DisposeAsync();
        await using var third = await LockOf(a).AcquireAsync(Blueprints, CancellationToken.None).AsTask().WaitAsync(Replica.Patience);
        Assert.False(third.Waited);
    }

    /// <summary>Returns once PostgreSQL shows a session waiting for an advisory lock (each check is a query: no sleeps).</summary>
    private static async Task UntilSomeoneWaitsForTheLockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        using var deadline = new CancellationTokenSource(Replica.Patience);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7243005 AND objsubid = 2 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        while ((long)(await command.ExecuteScalarAsync(deadline.Token))! == 0)
        {
            // asked again until the waiter shows
        }
    }

    private static IRepositoryBranchLock LockOf(TestEngine replica) => Assert.Single(replica.Services.GetServices<IRepositoryBranchLock>());
}
