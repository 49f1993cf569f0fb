using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Concurrency;

/// <summary>
/// Refreshes that wait for the mirror's write lock together share one fetch, made after all of them came (a replica
/// taking over a killed one's clients fetched once per client, each behind the others); a caller's cancellation ends
/// only its own wait.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SharedRefreshTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [BackendFact]
    public async Task RefreshAsync_CallersWaitingForTheLock_ShareOneFetchThatSeesWhatTheyExpect()
    {
        await using var context = new GitTestContext();
        await using var other = new GitTestContext();
        var repository = (GitPackageRepository)await context.OpenAsync(_remote, createBranch: true);
        var pusher = await other.OpenAsync(_remote);
        var before = repository.RefreshFetches;

        Task[] refreshes;
        using var cancelled = new CancellationTokenSource();
        await repository.Mirror.WriteLock.WaitAsync();
        try
        {
            // Another replica pushes a draft while this one's callers queue behind a push in flight.
            await GitTestContext.CreateDraftAsync(pusher, "elsewhere", "ws1");
            refreshes = [.. Enumerable.Range(0, 10).Select(_ => repository.RefreshAsync()), repository.RefreshAsync(cancelled.Token)];
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refreshes[^1]);
        }
        finally
        {
            repository.Mirror.WriteLock.Release();
        }

        await Task.WhenAll(refreshes[..^1]);
        Assert.Equal(before + 1, repository.RefreshFetches);
        Assert.Equal(["elsewhere ws1 0 Draft"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(Porch.Engine.Repositories.PackageRevisionFilter.All)));

        // A caller that comes after that fetch gets one of its own.
        await repository.RefreshAsync();
        Assert.Equal(before + 2, repository.RefreshFetches);
    }
}
