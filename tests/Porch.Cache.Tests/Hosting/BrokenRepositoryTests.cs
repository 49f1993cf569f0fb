using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Cache.Tests.Hosting;

/// <summary>
/// Repositories that fail to open (issue 16 item 7): lists skip them at once, and nothing opens them more often than
/// the backoff schedule (1 s doubling to 30 s), however many requests arrive.
/// </summary>
public sealed class BrokenRepositoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(TestEngine Porch, FlakyAdapter Adapter, FakeTimeProvider Time)> BrokenAsync(int count)
    {
        var time = new FakeTimeProvider(Start);
        var adapter = new FlakyAdapter(new InMemoryRepositoryAdapter(time), time) { FailuresLeft = int.MaxValue };
        var porch = TestEngine.Create(time: time, flaky: adapter);
        for (var i = 0; i < count; i++)
        {
            var repository = TestEngine.Describe($"broken-{i}", $"memory://broken-{i}");
            porch.Registry.AddOrUpdate(repository);
            await Assert.ThrowsAsync<RepositoryUnavailableException>(() => porch.Cache.OpenRepositoryAsync(repository));
        }

        return (porch, adapter, time);
    }

    private static Task<Task<IReadOnlyList<PackageRevision>>[]> ListsAsync(TestEngine porch, int count) => Task.FromResult(
        Enumerable.Range(0, count).Select(_ => porch.Engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = "default" })).ToArray());

    [Fact]
    public async Task ParallelLists_WithinBackoff_OpenNoBrokenRepositoryAgain()
    {
        var (porch, adapter, _) = await BrokenAsync(10);
        await using var owner = porch;
        Assert.Equal(10, adapter.Attempts.Count);

        var lists = await ListsAsync(porch, 50);
        foreach (var list in await Task.WhenAll(lists))
        {
            Assert.Empty(list);
        }

        Assert.Equal(10, adapter.Attempts.Count);
    }

    [Fact]
    public async Task Lists_FollowTheBackoffSchedule_OneAttemptPerRepositoryPerStep()
    {
        var (porch, adapter, time) = await BrokenAsync(3);
        await using var owner = porch;

        // 1 s after the first failure: one attempt each, however many lists; the next is due 2 s later, then 4 s.
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(await ListsAsync(porch, 20));
        Assert.Equal(6, adapter.Attempts.Count);

        time.Advance(TimeSpan.FromSeconds(1.5));
        await Task.WhenAll(await ListsAsync(porch, 20));
        Assert.Equal(6, adapter.Attempts.Count);

        time.Advance(TimeSpan.FromSeconds(0.5));
        await Task.WhenAll(await ListsAsync(porch, 20));
        Assert.Equal(9, adapter.Attempts.Count);

        time.Advance(TimeSpan.FromSeconds(3.9));
        await Task.WhenAll(await ListsAsync(porch, 20));
        Assert.Equal(9, adapter.Attempts.Count);
    }

    [Fact]
    public async Task BackoffIsCappedAtRetryMaxDelay()
    {
        var (porch, adapter, time) = await BrokenAsync(1);
        await using var owner = porch;
        var repository = (await porch.Registry.GetRepositoryAsync("default", "broken-0"))!;
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Assert.ThrowsAsync<RepositoryUnavailableException>(() => porch.Cache.OpenRepositoryAsync(repository));
        }

        // Every 30 s step is past the capped delay: one attempt each, never skipped and never more.
        Assert.Equal(11, adapter.Attempts.Count);
    }

    [Fact]
    public async Task ListOfOneBrokenRepository_FailsAtOnceWithItsLastError()
    {
        var (porch, adapter, _) = await BrokenAsync(1);
        await using var owner = porch;
        var error = await Assert.ThrowsAsync<RepositoryUnavailableException>(() =>
            porch.Engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = "default", Repository = "broken-0" }));
        Assert.Equal("cannot fetch repository memory://flaky: connection refused", error.Message);
        Assert.Single(adapter.Attempts);
    }

    [Fact]
    public async Task ChangedSource_IsTriedAtOnce()
    {
        var (porch, adapter, _) = await BrokenAsync(1);
        await using var owner = porch;
        var changed = TestEngine.Describe("broken-0", "memory://elsewhere");
        adapter.FailuresLeft = 0;
        await porch.Cache.OpenRepositoryAsync(changed);
        Assert.Equal(2, adapter.Attempts.Count);
    }

    [Fact]
    public async Task CacheHealthCheck_ReportsARepositoryThatCannotOpen()
    {
        var time = new FakeTimeProvider(Start);
        var adapter = new FlakyAdapter(new InMemoryRepositoryAdapter(time), time) { FailuresLeft = int.MaxValue };
        await using var porch = TestEngine.Create(time: time, flaky: adapter);
        porch.Source.AddOrUpdate(TestEngine.Describe("broken", "memory://broken"));
        await porch.Background.StartAsync(CancellationToken.None);
        await porch.Readiness.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var check = porch.Services.GetRequiredService<PorchCacheHealthCheck>();
        var result = await check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("porch-cache", check, HealthStatus.Unhealthy, null),
        });
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("last sync failed for default/broken: cannot open: cannot fetch repository memory://flaky: connection refused", result.Description);
        await porch.Background.StopAsync(CancellationToken.None);
    }
}
