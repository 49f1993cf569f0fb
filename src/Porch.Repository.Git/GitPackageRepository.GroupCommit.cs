using System.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Diagnostics;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>
/// Group commit: closes of drafts that arrive while a push of this repository is in flight wait for it and are then
/// pushed together, in one atomic push. Each close keeps its own commit and its own leases; a close whose lease is stale
/// fails alone and the others are pushed again without it.
/// </summary>
internal sealed partial class GitPackageRepository
{
    private readonly Lock _groupLock = new();
    private readonly List<GroupedPush> _waiting = new();
    private bool _groupRunning;

    /// <summary>The root trees of approval commits planned but not pushed yet, so the next approval of a group can build on them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _plannedApprovalTrees = new(StringComparer.Ordinal);

    /// <summary>Raised with the number of closes waiting after one more joined the queue (tests gate on it).</summary>
    internal event Action<int>? CloseQueued;

    /// <summary>
    /// Pushes the ref updates of one close, together with the closes waiting beside it. The caller must not hold the
    /// mirror's write lock. <paramref name="plan"/> may run more than once (the batch is planned again when the registered
    /// branch moved or a neighbour failed) and sees the snapshot as the closes planned before it in the batch leave it.
    /// </summary>
    private async Task<IReadOnlyList<RefUpdate>> PushGroupedAsync(
        Func<RefSnapshot, Task<IReadOnlyList<RefUpdate>>> plan,
        ObjectQuarantine? quarantine,
        bool rebuildOnBranchMove,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Options.MaxPushBatchSize <= 1)
        {
            await Mirror.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var updates = await PushLockedAsync(plan, quarantine, rebuildOnBranchMove, cancellationToken).ConfigureAwait(false);
                _adapter.Metrics.RecordBatch(DisplayName, 1);
                return updates;
            }
            finally
            {
                Mirror.WriteLock.Release();
            }
        }

        var push = new GroupedPush(this, plan, quarantine, rebuildOnBranchMove, cancellationToken);
        bool lead;
        int waiting;
        lock (_groupLock)
        {
            _waiting.Add(push);
            lead = !_groupRunning;
            _groupRunning = true;
            waiting = _waiting.Count;
        }

        CloseQueued?.Invoke(waiting);

        using (cancellationToken.UnsafeRegister(static state => ((GroupedPush)state!).Owner.CancelWaiting((GroupedPush)state!), push))
        {
            while (true)
            {
                if (lead)
                {
                    await RunGroupAsync().ConfigureAwait(false);
                    lead = false;
                }

                await Task.WhenAny(push.Done.Task, push.Promoted.Task).ConfigureAwait(false);
                if (push.Promoted.Task.IsCompleted)
                {
                    // The previous group's pusher handed over: this close leads the next group (even when it was
                    // cancelled meanwhile, so the closes behind it are not left waiting).
                    push.ResetPromotion();
                    lead = true;
                    continue;
                }

                return await push.Done.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cancels a close that no group has taken yet (a push in flight is never abandoned half-way).</summary>
    private void CancelWaiting(GroupedPush push)
    {
        lock (_groupLock)
        {
            if (!push.TryCancel())
            {
                return;
            }

            _waiting.Remove(push);
        }

        push.Done.TrySetCanceled(push.CancellationToken);
    }

    /// <summary>Pushes every waiting close as one group, then hands the next group to its first close.</summary>
    private async Task RunGroupAsync()
    {
        List<GroupedPush> group = [];
        await Mirror.WriteLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Taken after the lock: closes that arrived while a fetch or another write held it join this group.
            lock (_groupLock)
            {
                var count = Math.Min(_waiting.Count, Options.MaxPushBatchSize);
                group = _waiting.GetRange(0, count);
                _waiting.RemoveRange(0, count);
                foreach (var push in group)
                {
                    push.Start();
                }
            }

            if (group.Count > 0)
            {
                var lease = group.Exists(static p => p.RebuildOnBranchMove) ? await TakeBranchLockAsync().ConfigureAwait(false) : null;
                try
                {
                    await PushGroupLockedAsync(group).ConfigureAwait(false);
                }
                finally
                {
                    if (lease is not null)
                    {
                        await lease.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // Nothing above throws for one close's sake; whatever does fails every close still open.
            foreach (var push in group)
            {
                push.Done.TrySetException(ex);
            }
        }
        finally
        {
            Mirror.WriteLock.Release();
            lock (_groupLock)
            {
                if (_waiting.Count == 0)
                {
                    _groupRunning = false;
                }
                else
                {
                    _waiting[0].Promoted.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// Takes the replicas' lock of the registered branch before a group with approvals is planned, and reads the branch
    /// again when another replica held the lock (it may have moved the branch). Without a lock, or when the lock cannot
    /// be had (its database is away), the group goes on without it: its leases still guard the branch.
    /// </summary>
    private async Task<RepositoryBranchLease?> TakeBranchLockAsync()
    {
        if (_adapter.BranchLock is not { } branchLock)
        {
            return null;
        }

        RepositoryBranchLease lease;
        try
        {
            lease = await branchLock.AcquireAsync(Key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.BranchLockUnavailable(DisplayName, ex);
            return null;
        }

        if (lease.Waited)
        {
            try
            {
                await FetchLockedAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                await lease.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return lease;
    }

    private async Task PushGroupLockedAsync(List<GroupedPush> group)
    {
        if (group.Count == 1)
        {
            var single = group[0];
            try
            {
                var updates = await PushLockedAsync(single.Plan, single.Quarantine, single.RebuildOnBranchMove, single.CancellationToken).ConfigureAwait(false);
                _adapter.Metrics.RecordBatch(DisplayName, 1);
                single.Done.TrySetResult(updates);
            }
            catch (Exception ex)
            {
                single.Done.TrySetException(ex);
            }

            return;
        }

        var pending = new List<GroupedPush>(group);
        var attempts = GitRetry.BranchMoveRebuilds;
        var attempt = 0;
        while (pending.Count > 0)
        {
            attempt++;
            var planned = await PlanGroupAsync(pending).ConfigureAwait(false);
            if (planned.Count == 0)
            {
                return;
            }

            if (planned.Count == 1)
            {
                await PushGroupLockedAsync([planned[0].Push]).ConfigureAwait(false);
                return;
            }

            var combined = Combine(planned);
            // Read through every close's own quarantine: nothing is copied, and each stays its close's.
            var quarantine = ObjectQuarantine.Combine(planned.Select(static p => p.Push.Quarantine).OfType<ObjectQuarantine>());
            try
            {

                var result = await _adapter.Metrics.MeasureAsync("push", DisplayName, () => PushWithReauthAsync(combined, quarantine, CancellationToken.None)).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    await ApplyLocallyLockedAsync(combined, quarantine, CancellationToken.None).ConfigureAwait(false);
                    _adapter.Metrics.RecordBatch(DisplayName, planned.Count);
                    Logger.GroupPushed(DisplayName, planned.Count, combined.Count);
                    foreach (var (push, updates) in planned)
                    {
                        push.Done.TrySetResult(updates);
                    }

                    return;
                }

                if (!result.IsStale)
                {
                    // A hook refusal, an authentication failure or a transport error names no close: each is pushed on
                    // its own, with the single push's retries and texts, so a refusal fails only the close it concerns.
                    foreach (var (push, _) in planned)
                    {
                        await PushGroupLockedAsync([push]).ConfigureAwait(false);
                    }

                    return;
                }

                var causes = result.CausingRefs.ToHashSet(StringComparer.Ordinal);
                var branchOnly = causes.Count > 0 && causes.All(c => c == BranchRef);
                var failed = 0;
                foreach (var (push, _) in planned)
                {
                    // The first close of the group that touches a rejected ref built on what the remote no longer has.
                    var own = FirstToTouch(planned, causes, push);
                    if (own.Count == 0 || (branchOnly && push.RebuildOnBranchMove && attempt < attempts))
                    {
                        continue;
                    }

                    push.Done.TrySetException(StaleLease(own, result.ErrorText));
                    failed++;
                }

                pending = planned.Select(static p => p.Push).Where(static p => !p.Done.Task.IsCompleted).ToList();
                if (branchOnly)
                {
                    // Approvals are rebuilt on the fetched tip, as a single push's retry does.
                    Logger.RegisteredBranchMoved(DisplayName, Branch, attempt + 1, attempts);
                    _adapter.Metrics.Retries.Add(1, new KeyValuePair<string, object?>("porch.git.operation", "push"));
                    await FetchLockedAsync(CancellationToken.None).ConfigureAwait(false);
                }
                else if (failed == 0)
                {
                    // A stale lease that names no close of the group: each is pushed on its own.
                    foreach (var push in pending)
                    {
                        await PushGroupLockedAsync([push]).ConfigureAwait(false);
                    }

                    return;
                }
            }
            finally
            {
                quarantine.Dispose();
            }
        }
    }

    /// <summary>
    /// Plans each close on the snapshot the closes before it leave; a close whose lease does not hold on that snapshot
    /// conflicts with an earlier close of the group and fails without being pushed.
    /// </summary>
    private async Task<List<(GroupedPush Push, IReadOnlyList<RefUpdate> Updates)>> PlanGroupAsync(List<GroupedPush> pending)
    {
        var planned = new List<(GroupedPush, IReadOnlyList<RefUpdate>)>(pending.Count);
        var snapshot = Mirror.Snapshot;
        foreach (var push in pending)
        {
            IReadOnlyList<RefUpdate> updates;
            try
            {
                updates = await push.Plan(snapshot).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                push.Done.TrySetException(ex);
                continue;
            }

            if (updates.Count == 0)
            {
                push.Done.TrySetResult(updates);
                continue;
            }

            var stale = updates.Where(u => snapshot.Find(u.Name) != u.OldId && Mirror.Snapshot.Find(u.Name) != snapshot.Find(u.Name)).Select(static u => u.Name).ToArray();
            if (stale.Length > 0)
            {
                push.Done.TrySetException(StaleLease(stale, "a change closed in the same push moved it first"));
                continue;
            }

            planned.Add((push, updates));
            snapshot = snapshot.Apply(snapshot.Generation, updates);
        }

        return planned;
    }

    /// <summary>The refs of <paramref name="push"/> among <paramref name="causes"/> that no earlier close of the group touched.</summary>
    private static List<string> FirstToTouch(List<(GroupedPush Push, IReadOnlyList<RefUpdate> Updates)> planned, HashSet<string> causes, GroupedPush push)
    {
        var own = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (p, updates) in planned)
        {
            foreach (var update in updates)
            {
                if (causes.Contains(update.Name) && seen.Add(update.Name) && ReferenceEquals(p, push))
                {
                    own.Add(update.Name);
                }
            }
        }

        return own;
    }

    /// <summary>One update per ref: the lease of the first close that touches it, the value of the last.</summary>
    private static List<RefUpdate> Combine(List<(GroupedPush Push, IReadOnlyList<RefUpdate> Updates)> planned)
    {
        var order = new List<string>();
        var byName = new Dictionary<string, RefUpdate>(StringComparer.Ordinal);
        foreach (var (_, updates) in planned)
        {
            foreach (var update in updates)
            {
                if (byName.TryGetValue(update.Name, out var first))
                {
                    byName[update.Name] = first with { NewId = update.NewId };
                }
                else
                {
                    order.Add(update.Name);
                    byName[update.Name] = update;
                }
            }
        }

        // A ref created and deleted inside the group never reaches the remote.
        return order.Select(n => byName[n]).Where(static u => u.NewId is not null || u.OldId is not null).ToList();
    }

    /// <summary>One close waiting to be pushed, and how it ends.</summary>
    private sealed class GroupedPush(
        GitPackageRepository owner,
        Func<RefSnapshot, Task<IReadOnlyList<RefUpdate>>> plan,
        ObjectQuarantine? quarantine,
        bool rebuildOnBranchMove,
        CancellationToken cancellationToken)
    {
        private bool _started;
        private bool _cancelled;

        public GitPackageRepository Owner { get; } = owner;

        public Func<RefSnapshot, Task<IReadOnlyList<RefUpdate>>> Plan { get; } = plan;

        public ObjectQuarantine? Quarantine { get; } = quarantine;

        public bool RebuildOnBranchMove { get; } = rebuildOnBranchMove;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<IReadOnlyList<RefUpdate>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Promoted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Marks the close as taken into a group. Call with the group lock held.</summary>
        public void Start() => _started = true;

        /// <summary>Marks the close as cancelled unless a group took it. Call with the group lock held.</summary>
        public bool TryCancel()
        {
            if (_started || _cancelled)
            {
                return false;
            }

            _cancelled = true;
            return true;
        }

        public void ResetPromotion() => Promoted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
