using Polly;
using Microsoft.Extensions.Time.Testing;
using Porch.Tests.Shared.Time;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;
using Porch.Testing;

namespace Porch.Repository.Git.Tests.Failures;

/// <summary>
/// The adapter's one retry policy (issue 17 item 4; Porch's <c>repo-operation-retry-attempts</c>, default 3): transient
/// git failures are attempted <c>OperationRetryAttempts</c> times in all, rejections once, waits on the TimeProvider.
/// </summary>
public sealed class GitRetryTests
{
    private static GitCommandException Transient() => new("fetch", 128, "fatal: unable to access 'https://x/': Connection reset by peer");

    private static GitCommandException AuthenticationFailure() => new("fetch", 128, "fatal: Authentication failed for 'https://x/'");

    private static async Task<int> AttemptsUntilFailureAsync(GitRepositoryOptions options, Func<Exception> fault)
    {
        var attempts = 0;
        var pipeline = GitRetry.Fetch(options, TimeProvider.System, _ => ValueTask.CompletedTask);
        await Assert.ThrowsAnyAsync<Exception>(async () => await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw fault();
        }));
        return attempts;
    }

    [Fact]
    public void Default_IsPorchsThreeAttempts() => Assert.Equal(3, new GitRepositoryOptions().OperationRetryAttempts);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    public async Task TransientFetchFailure_AttemptedOperationRetryAttemptsInAll(int configured, int expected)
    {
        var options = new GitRepositoryOptions { OperationRetryAttempts = configured, RetryDelay = TimeSpan.Zero };
        Assert.Equal(expected, await AttemptsUntilFailureAsync(options, Transient));
    }

    [Fact]
    public async Task AuthenticationFailure_NeverRetried()
    {
        var options = new GitRepositoryOptions { OperationRetryAttempts = 5, RetryDelay = TimeSpan.Zero };
        Assert.Equal(1, await AttemptsUntilFailureAsync(options, AuthenticationFailure));
    }

    [Fact]
    public async Task UnansweredRemote_NeverRetried()
    {
        var options = new GitRepositoryOptions { OperationRetryAttempts = 5, RetryDelay = TimeSpan.Zero };
        Assert.Equal(1, await AttemptsUntilFailureAsync(options, () => new GitCommandException("fetch", -1, "timed out") { IsTimeout = true }));
    }

    [Fact]
    public async Task BackoffWaitsOnTheTimeProvider_RetryOnlyAfterTheClockMoves()
    {
        var clock = new TimerSignallingClock(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var options = new GitRepositoryOptions { OperationRetryAttempts = 2, RetryDelay = TimeSpan.FromSeconds(1) };
        var pipeline = GitRetry.Fetch(options, clock, _ => ValueTask.CompletedTask);
        var attempts = 0;
        var run = pipeline.ExecuteAsync(_ =>
        {
            if (++attempts == 1)
            {
                throw Transient();
            }

            return ValueTask.CompletedTask;
        }).AsTask();

        // The backoff is a timer on the given clock: the retry waits until the fake clock passes its due time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var due = await clock.NextTimerAsync(timeout.Token);
        Assert.InRange(due, TimeSpan.FromTicks(1), GitRetry.MaxDelay);
        Assert.Equal(1, attempts);
        Assert.False(run.IsCompleted);

        clock.Inner.Advance(due);
        await run.WaitAsync(timeout.Token);
        Assert.Equal(2, attempts);
    }
}
