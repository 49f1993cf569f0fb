using Polly;
using Polly.Retry;
using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git;

/// <summary>
/// The adapter's one retry policy (Polly): <see cref="GitRepositoryOptions.OperationRetryAttempts"/> attempts in all,
/// exponential backoff with jitter from <see cref="GitRepositoryOptions.RetryDelay"/>, waits on the adapter's
/// <see cref="TimeProvider"/>. Only transient failures are retried: never an authentication failure, a remote that
/// does not answer (its timeout already passed), a stale lease on anything but the registered branch, or a hook refusal.
/// </summary>
internal static class GitRetry
{
    /// <summary>The longest wait between two attempts, whatever the base delay and attempt.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>The pipeline for fetches and mirror clones: retries <see cref="GitCommandException"/>s that may pass.</summary>
    public static ResiliencePipeline Fetch(GitRepositoryOptions options, TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        Build(options, time, new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<GitCommandException>(ex => !ex.IsAuthenticationFailure && !ex.IsUnanswered),
            OnRetry = onRetry,
        });

    /// <summary>
    /// The pipeline for pushes: retries a transient <see cref="PushRetryException"/> after the backoff. A moved registered
    /// branch is not retried here: the caller rebuilds the commit on the fetched tip (<see cref="BranchMoveRebuilds"/>).
    /// </summary>
    public static ResiliencePipeline Push(GitRepositoryOptions options, TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        Build(options, time, new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PushRetryException>(static ex => !ex.BranchMoved),
            OnRetry = onRetry,
        });

    private static ResiliencePipeline Build(GitRepositoryOptions options, TimeProvider time, RetryStrategyOptions retry)
    {
        var attempts = Attempts(options);
        if (attempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        retry.MaxRetryAttempts = attempts - 1;
        retry.BackoffType = DelayBackoffType.Exponential;
        retry.UseJitter = true;
        retry.Delay = options.RetryDelay;
        retry.MaxDelay = MaxDelay;
        return new ResiliencePipelineBuilder { Name = "porch-git", TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>
    /// How many times a write whose registered branch moved is rebuilt on the fetched tip before it gives up. Not the
    /// transient retry budget: every move means another write landed, so under contention (approvals of several replicas
    /// all move the branch) the rebuilds make progress; the bound only stops a branch that moves forever.
    /// </summary>
    public const int BranchMoveRebuilds = 16;

    /// <summary>How many attempts in all (0 and 1 both mean one).</summary>
    public static int Attempts(GitRepositoryOptions options) => Math.Max(1, options.OperationRetryAttempts);
}

/// <summary>A push attempt that may pass when tried again: a transient transport error, or the registered branch moved.</summary>
/// <param name="branchMoved">True when only the registered branch's lease was stale.</param>
/// <param name="errorText">git's error text.</param>
/// <param name="causes">The refs whose leases were stale.</param>
internal sealed class PushRetryException(bool branchMoved, string errorText, IReadOnlyList<string> causes) : Exception(errorText)
{
    public bool BranchMoved { get; } = branchMoved;

    public string ErrorText { get; } = errorText;

    public IReadOnlyList<string> Causes { get; } = causes;
}
