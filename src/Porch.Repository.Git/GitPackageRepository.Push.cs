using System.Diagnostics;
using Polly.Retry;
using Porch.Engine.Errors;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Diagnostics;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>The one write path: an atomic push with a lease per ref, retries, and the matching local update.</summary>
internal sealed partial class GitPackageRepository
{
    /// <summary>
    /// Pushes the ref updates <paramref name="plan"/> computes from the current snapshot. Call with the mirror's write
    /// lock held. A stale lease on the registered branch alone (someone else committed to it) makes
    /// <paramref name="rebuildOnBranchMove"/> plans fetch and recompute; any other stale lease, a hook refusal or an
    /// authentication failure fails at once; transient errors are retried.
    /// </summary>
    private Task<IReadOnlyList<RefUpdate>> PushLockedAsync(
        Func<RefSnapshot, Task<IReadOnlyList<RefUpdate>>> plan,
        ObjectQuarantine? quarantine,
        bool rebuildOnBranchMove,
        CancellationToken cancellationToken) =>
        _adapter.Metrics.MeasureAsync("push", DisplayName, () => PushAttemptsLockedAsync(plan, quarantine, rebuildOnBranchMove, cancellationToken));

    private async Task<IReadOnlyList<RefUpdate>> PushAttemptsLockedAsync(
        Func<RefSnapshot, Task<IReadOnlyList<RefUpdate>>> plan,
        ObjectQuarantine? quarantine,
        bool rebuildOnBranchMove,
        CancellationToken cancellationToken)
    {
        var attempt = 0;
        var rebuilds = 0;
        while (true)
        {
            try
            {
                return await _pushRetry.ExecuteAsync(
                    async ct =>
                    {
                        if (++attempt > 1)
                        {
                            // What failed was read before: the next plan starts from the remote's refs.
                            await FetchLockedAsync(ct).ConfigureAwait(false);
                        }

                        return await PushOnceLockedAsync(plan, quarantine, rebuildOnBranchMove, ct).ConfigureAwait(false);
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PushRetryException ex) when (ex.BranchMoved)
            {
                if (++rebuilds >= GitRetry.BranchMoveRebuilds)
                {
                    throw StaleLease(ex.Causes, ex.ErrorText);
                }

                // Another write moved the registered branch: the commit is rebuilt on its new tip at once.
                Logger.RegisteredBranchMoved(DisplayName, Branch, rebuilds + 1, GitRetry.BranchMoveRebuilds);
                _adapter.Metrics.Retries.Add(1, new KeyValuePair<string, object?>("porch.git.operation", "push"));
                attempt = 1;
                await FetchLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PushRetryException ex)
            {
                throw new RepositoryUnavailableException($"failed to push to remote: push failed after {attempt} attempts: {ex.ErrorText}");
            }
        }
    }

    /// <summary>
    /// Pushes the updates once (again once after an authentication failure, with the credentials resolved anew); a
    /// failure comes back as the result, never thrown.
    /// </summary>
    private async Task<GitPushResult> PushWithReauthAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await TryPushAsync().ConfigureAwait(false);
        if (!result.Succeeded && GitErrorText.IsAuthenticationFailure(result.ErrorText) && await ReresolveAuthAsync(cancellationToken).ConfigureAwait(false))
        {
            result = await TryPushAsync().ConfigureAwait(false);
        }

        if (result.Succeeded)
        {
            Logger.Pushed(DisplayName, updates.Count, stopwatch.ElapsedMilliseconds);
        }

        return result;

        async Task<GitPushResult> TryPushAsync()
        {
            try
            {
                return await Mirror.Backend.PushAsync(updates, quarantine, Auth, cancellationToken).ConfigureAwait(false);
            }
            catch (GitCommandException ex)
            {
                return new GitPushResult(false, new Dictionary<string, string>(), ex.Stderr);
            }
        }
    }

    /// <summary>One push: the updates, or an error; a <see cref="PushRetryException"/> for what may pass when tried again.</summary>
    private async Task<IReadOnlyList<RefUpdate>> PushOnceLockedAsync(
        Func<RefSnapshot, Task<IReadOnlyList<RefUpdate>>> plan,
        ObjectQuarantine? quarantine,
        bool rebuildOnBranchMove,
        CancellationToken cancellationToken)
    {
        var updates = await plan(Mirror.Snapshot).ConfigureAwait(false);
        if (updates.Count == 0)
        {
            return updates;
        }

        var result = await PushWithReauthAsync(updates, quarantine, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await ApplyLocallyLockedAsync(updates, quarantine, cancellationToken).ConfigureAwait(false);
            return updates;
        }

        var causes = result.CausingRefs.ToArray();
        if (result.IsStale)
        {
            if (rebuildOnBranchMove && causes.Length > 0 && causes.All(c => c == BranchRef))
            {
                throw new PushRetryException(branchMoved: true, result.ErrorText, causes);
            }

            throw StaleLease(causes, result.ErrorText);
        }

        if (GitErrorText.IsHookDeclined(result.ErrorText))
        {
            throw new PackageValidationException("failed to push to remote: the remote refused the change: " + result.ErrorText, PorchErrorCode.Forbidden);
        }

        if (GitErrorText.IsAuthenticationFailure(result.ErrorText))
        {
            throw new RepositoryUnavailableException("failed to push to remote: authentication required: " + result.ErrorText);
        }

        if (GitErrorText.IsTransient(result.ErrorText))
        {
            throw new PushRetryException(branchMoved: false, result.ErrorText, causes);
        }

        throw new RepositoryUnavailableException("failed to push to remote: " + result.ErrorText);
    }

    private static PackageRevisionConflictException StaleLease(IReadOnlyList<string> causes, string errorText) =>
        new($"failed to push to remote: {string.Join(", ", causes.Select(GitRefNames.Short))} changed on the remote since it was read: {errorText}");

    /// <summary>Polly's retry event of a push: logged and counted.</summary>
    private ValueTask OnPushRetry(OnRetryArguments<object> args)
    {
        Logger.PushRetried(DisplayName, args.AttemptNumber + 2, GitRetry.Attempts(Options), null);

        _adapter.Metrics.Retries.Add(1, new KeyValuePair<string, object?>("porch.git.operation", "push"));
        return ValueTask.CompletedTask;
    }

    private async Task ApplyLocallyLockedAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, CancellationToken cancellationToken)
    {
        try
        {
            await Mirror.Backend.ApplyLocallyAsync(updates, quarantine, cancellationToken).ConfigureAwait(false);
            Mirror.Apply(updates);
        }
        catch (Exception ex) when (ex is GitCommandException or IOException)
        {
            // The remote has the change; the mirror catches up by fetching it.
            Logger.LocalRefUpdateFailed(DisplayName, ex);
            await FetchLockedAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
