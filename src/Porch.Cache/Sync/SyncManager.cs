using Microsoft.Extensions.Logging;
using NCrontab;
using Porch.Cache.Diagnostics;
using Porch.Cache.Internal;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Cache.Sync;

/// <summary>
/// Porch's SyncManager for one cached repository (spec section 7.1): a sync at start, periodic syncs at the times of
/// <c>spec.sync.schedule</c> (5-field cron) or every default interval, a one-time sync at <c>spec.sync.runOnceAt</c>
/// (re-armed when it changes; a time already past is skipped), and the <c>Ready</c> condition written into the
/// Repository's status around each sync. Timers come from the <see cref="TimeProvider"/>; syncs never overlap.
/// </summary>
internal sealed class SyncManager : ISyncHandler, IAsyncDisposable
{
    private readonly CachedRepository _repository;
    private readonly TimeProvider _time;
    private readonly TimeSpan _defaultFrequency;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly ITimer _periodic;
    private readonly ITimer _oneTime;
    private string? _schedule;
    private CrontabSchedule? _cron;
    private DateTimeOffset? _nextPeriodic;
    private DateTimeOffset? _runOnceAt;
    private TaskCompletionSource _syncCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completedSyncs;

    private readonly Diagnostics.CacheMetrics? _metrics;

    private readonly Func<CancellationToken, ValueTask<bool>>? _ownsSync;
    private int _skippedSyncs;

    /// <summary>Told after every status write (the registry gives the object a new resourceVersion and watchers a Modified event).</summary>
    private readonly Action<Repository>? _statusChanged;

    /// <param name="repository">The cached repository.</param>
    /// <param name="time">The clock of the timers.</param>
    /// <param name="defaultFrequency">The period without a schedule.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="metrics">The cache's metrics.</param>
    /// <param name="ownsSync">
    /// Asked before each timed sync: whether this process owns the repository's sync (replicas on one database sync each
    /// repository from one replica at a time); null when it always does. The initial sync at open always runs.
    /// </param>
    /// <param name="statusChanged">Told after every status write, or null.</param>
    public SyncManager(CachedRepository repository, TimeProvider time, TimeSpan defaultFrequency, ILogger logger, Diagnostics.CacheMetrics? metrics = null, Func<CancellationToken, ValueTask<bool>>? ownsSync = null, Action<Repository>? statusChanged = null)
    {
        _ownsSync = ownsSync;
        _metrics = metrics;
        _statusChanged = statusChanged;
        _repository = repository;
        _time = time;
        _defaultFrequency = defaultFrequency;
        _logger = logger;
        _periodic = time.CreateTimer(static s => ((SyncManager)s!).OnTimer(periodic: true), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _oneTime = time.CreateTimer(static s => ((SyncManager)s!).OnTimer(periodic: false), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public RepositoryKey Key => _repository.Key;

    public Exception? LastSyncError { get; private set; }

    /// <summary>Gets the condition written by the last state change.</summary>
    public KubernetesCondition? Condition { get; private set; }

    /// <summary>Gets when the next periodic sync is due.</summary>
    public DateTimeOffset? NextSyncAt
    {
        get
        {
            lock (_lock)
            {
                return _nextPeriodic;
            }
        }
    }

    /// <summary>Gets the instant the one-time sync is armed for, or null.</summary>
    public DateTimeOffset? ArmedRunOnceAt
    {
        get
        {
            lock (_lock)
            {
                return _runOnceAt;
            }
        }
    }

    /// <summary>Gets how many syncs have finished (successfully or not).</summary>
    public int CompletedSyncs => Volatile.Read(ref _completedSyncs);

    /// <summary>Gets how many timed syncs were left to the replica that owns the repository's sync.</summary>
    public int SkippedSyncs => Volatile.Read(ref _skippedSyncs);

    /// <summary>Waits until the timers have fired at least <paramref name="count"/> times in all (syncs run here or skipped as another replica's).</summary>
    public async Task WaitForTimedRunsAsync(int count, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_completedSyncs + _skippedSyncs >= count)
                {
                    return;
                }

                next = _syncCompleted.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The initial sync, then the schedule and the one-time timer are armed. Returns the initial sync's error, if any.</summary>
    public async Task<Exception?> StartAsync(CancellationToken cancellationToken)
    {
        ApplySpec(_repository.RepositoryObject, initial: true);
        await RunAsync(periodic: true, cancellationToken).ConfigureAwait(false);
        return LastSyncError;
    }

    public Task SyncOnceAsync(CancellationToken cancellationToken = default) => RunAsync(periodic: false, cancellationToken);

    /// <summary>Takes a changed Repository object: a changed schedule reschedules now, a changed runOnceAt re-arms.</summary>
    public void UpdateSpec(Repository repositoryObject) => ApplySpec(repositoryObject, initial: false);

    /// <summary>Waits until at least <paramref name="count"/> syncs have finished.</summary>
    public async Task WaitForSyncsAsync(int count, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_completedSyncs >= count)
                {
                    return;
                }

                next = _syncCompleted.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _periodic.DisposeAsync().ConfigureAwait(false);
        await _oneTime.DisposeAsync().ConfigureAwait(false);
        await _syncLock.WaitAsync().ConfigureAwait(false);
        _syncLock.Release();
        _stopping.Dispose();
    }

    private void ApplySpec(Repository repositoryObject, bool initial)
    {
        var replaced = !ReferenceEquals(_repository.RepositoryObject, repositoryObject);
        _repository.RepositoryObject = repositoryObject;
        if (replaced && Condition is { } current)
        {
            // A new object for the same repository carries the current condition from the start.
            WriteCondition(current, onlyIfReady: false);
        }

        var sync = repositoryObject.Spec.Sync;
        var schedule = string.IsNullOrWhiteSpace(sync?.Schedule) ? null : sync.Schedule.Trim();
        bool reschedule;
        lock (_lock)
        {
            reschedule = !initial && !string.Equals(schedule, _schedule, StringComparison.Ordinal);
            if (initial || reschedule)
            {
                _schedule = schedule;
                _cron = schedule is null ? null : CrontabSchedule.TryParse(schedule);
            }
        }

        if ((initial || reschedule) && schedule is not null && _cron is null)
        {
            _logger.InvalidSchedule(Key.Namespace, Key.Name, schedule, _defaultFrequency);
        }

        if (reschedule)
        {
            Reschedule();
            WriteCondition(RepositoryConditions.Ready(_time.GetUtcNow(), Generation, NextSyncAt), onlyIfReady: true);
        }

        ArmRunOnce(sync?.RunOnceAt);
    }

    private void ArmRunOnce(DateTimeOffset? runOnceAt)
    {
        lock (_lock)
        {
            if (runOnceAt is not { } at || at == default || at == _runOnceAt)
            {
                return;
            }

            var due = at - _time.GetUtcNow();
            if (due <= TimeSpan.Zero)
            {
                // Already past: skipped, as Porch does.
                return;
            }

            _runOnceAt = at;
            _oneTime.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reschedule()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var next = _cron is { } cron
                ? new DateTimeOffset(DateTime.SpecifyKind(cron.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc))
                : now + _defaultFrequency;
            _nextPeriodic = next;
            _periodic.Change(next - now, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer(bool periodic)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _ = RunFromTimerAsync(periodic);
    }

    private async Task RunFromTimerAsync(bool periodic)
    {
        try
        {
            if (_ownsSync is not null && !await OwnsSyncAsync().ConfigureAwait(false))
            {
                await SkipAsync(periodic).ConfigureAwait(false);
                return;
            }

            await RunAsync(periodic, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Closed while the sync waited.
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
            // As above.
        }
    }

    private async Task<bool> OwnsSyncAsync()
    {
        try
        {
            return await _ownsSync!(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Ownership cannot be decided (the database is unreachable): a sync would fail the same way; try next time.
            _logger.SyncFailed(Key.Namespace, Key.Name, ex);
            return false;
        }
    }

    /// <summary>Another replica owns the repository's sync: only the schedule moves on.</summary>
    private async Task SkipAsync(bool periodic)
    {
        await _syncLock.WaitAsync(_stopping.Token).ConfigureAwait(false);
        try
        {
            if (periodic)
            {
                Reschedule();
            }
        }
        finally
        {
            _syncLock.Release();
            TaskCompletionSource completed;
            lock (_lock)
            {
                _skippedSyncs++;
                completed = _syncCompleted;
                _syncCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            completed.TrySetResult();
        }
    }

    private async Task RunAsync(bool periodic, CancellationToken cancellationToken)
    {
        await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var packageCount = 0;
        string? commitHash = null;
        try
        {
            WriteCondition(RepositoryConditions.Reconciling(_time.GetUtcNow(), Generation), onlyIfReady: false);
            using (var activity = Diagnostics.PorchCacheDiagnostics.Source.StartActivity("SyncRepository"))
            {
                activity?.SetTag("porch.namespace", Key.Namespace);
                activity?.SetTag("porch.repository", Key.Name);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    await _repository.SyncAsync(cancellationToken).ConfigureAwait(false);
                    LastSyncError = null;
                    packageCount = (await _repository.ListPackageRevisionsAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false)).Count;
                    commitHash = await BranchHashAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LastSyncError = ex;
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                    activity?.SetTag("error.type", ex.GetType().Name);
                    _logger.SyncFailed(Key.Namespace, Key.Name, ex);
                }

                var tags = new System.Diagnostics.TagList { { "porch.repository", Key.Name }, { "porch.cache.sync.outcome", LastSyncError is null ? "success" : "error" } };
                _metrics?.SyncDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }

            if (periodic)
            {
                Reschedule();
            }

            var now = _time.GetUtcNow();
            if (LastSyncError is null)
            {
                // A full sync's status fields (spec 7.1): when it ended, the next, what it saw.
                var status = _repository.RepositoryObject.Status;
                status.LastFullSyncTime = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
                status.NextFullSyncTime = NextSyncAt is { } next ? DateTimeOffset.FromUnixTimeSeconds(next.ToUnixTimeSeconds()) : null;
                status.ObservedGeneration = Generation;
                status.PackageCount = packageCount;
                status.GitCommitHash = commitHash;
            }

            WriteCondition(
                LastSyncError is null ? RepositoryConditions.Ready(now, Generation, NextSyncAt) : RepositoryConditions.Error(now, Generation, LastSyncError),
                onlyIfReady: false);
        }
        finally
        {
            _syncLock.Release();
            TaskCompletionSource completed;
            lock (_lock)
            {
                _completedSyncs++;
                completed = _syncCompleted;
                _syncCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            completed.TrySetResult();
        }
    }

    private long Generation => _repository.RepositoryObject.Metadata.Generation;

    /// <summary>The registered branch's commit, or null where the source has none (an empty repository, a non-Git source).</summary>
    private async Task<string?> BranchHashAsync(CancellationToken cancellationToken)
    {
        try
        {
            var hash = await _repository.BranchCommitHashAsync(cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(hash) ? null : hash;
        }
        catch (PorchException)
        {
            return null;
        }
    }

    /// <summary>Writes the condition as <c>status.conditions[0]</c> of the Repository object (replacing the list, so readers never see it half-written).</summary>
    private void WriteCondition(KubernetesCondition condition, bool onlyIfReady)
    {
        if (onlyIfReady && Condition?.Reason != PorchApi.ReasonReady)
        {
            return;
        }

        Condition = condition;
        var status = _repository.RepositoryObject.Status;
        var conditions = new List<KubernetesCondition>(status.Conditions.Count + 1) { condition };
        conditions.AddRange(status.Conditions.Where(c => c.Type != condition.Type));
        status.Conditions = conditions;
        _statusChanged?.Invoke(_repository.RepositoryObject);
    }
}
