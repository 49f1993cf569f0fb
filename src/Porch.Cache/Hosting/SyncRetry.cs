using Polly;
using Polly.Retry;

namespace Porch.Cache.Hosting;

/// <summary>
/// The background process's one retry policy (Polly): retries until it works or the process stops, exponential
/// backoff with jitter from <see cref="PorchCacheOptions.RetryMinDelay"/> up to <see cref="PorchCacheOptions.RetryMaxDelay"/>,
/// waiting on the host's <see cref="TimeProvider"/>. Used for opening (syncing) each repository and for following
/// the repository source; a failure seen while stopping is not retried.
/// </summary>
internal static class SyncRetry
{
    public static ResiliencePipeline UntilStopped(PorchCacheOptions options, TimeProvider time, string name, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder { Name = "porch-cache-sync", InstanceName = name, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryMinDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = static args => new ValueTask<bool>(
                    args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = onRetry,
            })
            .Build();
}
