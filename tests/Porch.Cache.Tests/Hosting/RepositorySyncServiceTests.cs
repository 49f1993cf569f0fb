using Microsoft.Extensions.Time.Testing;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Cache.Tests.Hosting;

/// <summary>The background repository process: readiness, backoff on failures, removal (warm restarts: the database test projects).</summary>
[Trait("Category", "Integration")]
public sealed class RepositorySyncServiceTests
{
    [Fact]
    public async Task OpenFails_RetriedWithJitteredExponentialBackoff_ReadyAfterFirstAttempt_ErrorCondition()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var flaky = new FlakyAdapter(new InMemoryRepositoryAdapter(time), time) { FailuresLeft = 3 };
        await using var porch = TestEngine.Create(time: time, flaky: flaky);
        var repository = TestEngine.Describe("blueprints", "memory://b");
        porch.Source.AddOrUpdate(repository);
        await porch.Background.StartAsync(CancellationToken.None);
        await porch.Readiness.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var error = Assert.Single(repository.Status.Conditions);
        Assert.Equal(("Error", "cannot fetch repository memory://flaky: connection refused"), (error.Reason, error.Message));
        Assert.Null(porch.Cache.FindSyncHandler("default", "blueprints"));

        // Drive the fake clock in small steps until the fourth attempt opens the repository.
        for (var step = 0; step < 600 && porch.Cache.FindSyncHandler("default", "blueprints") is null; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        Assert.NotNull(porch.Cache.FindSyncHandler("default", "blueprints"));
        var attempts = flaky.Attempts;
        Assert.Equal(4, attempts.Count);

        // Polly's exponential backoff with decorrelated jitter from RetryMinDelay (1 s): each wait is positive, and the
        // waits before retries 1..n add up to 2^t·tanh(√(4t))/1.4 seconds with t in [n, n+1) (the formula telescopes):
        // for three retries between 2.84 s and 5.72 s, plus at most one 100 ms clock step each.
        var gaps = attempts.Zip(attempts.Skip(1), (x, y) => y - x).ToArray();
        Assert.All(gaps, gap => Assert.True(gap > TimeSpan.Zero));
        Assert.InRange(gaps.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromSeconds(2.8), TimeSpan.FromSeconds(6.1));
        Assert.Equal("Ready", repository.Status.Conditions[0].Reason);
        Assert.NotNull(await porch.Registry.GetRepositoryAsync("default", "blueprints"));

        // Deleted from the source: closed in the cache and unregistered from the engine.
        porch.Source.Remove("default", "blueprints");
        // The repository is closed in the cache first and unregistered after: wait for both.
        for (var step = 0; step < 400 && (porch.Cache.FindSyncHandler("default", "blueprints") is not null || await porch.Registry.GetRepositoryAsync("default", "blueprints") is not null); step++)
        {
            await Task.Delay(5);
        }

        Assert.Null(porch.Cache.FindSyncHandler("default", "blueprints"));
        Assert.Null(await porch.Registry.GetRepositoryAsync("default", "blueprints"));
        await porch.Background.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task EmptySource_ReadyOnceListed()
    {
        await using var porch = TestEngine.Create(adapter: new InMemoryRepositoryAdapter());
        Assert.False(porch.Readiness.IsReady);
        await porch.Background.StartAsync(CancellationToken.None);
        await porch.Readiness.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(porch.Readiness.IsReady);
        Assert.Empty(await porch.Registry.ListRepositoriesAsync(null));
        await porch.Background.StopAsync(CancellationToken.None);
    }
}
