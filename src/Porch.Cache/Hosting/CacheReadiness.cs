namespace Porch.Cache.Hosting;

/// <summary>The readiness the background process reports: the initial set listed, and each of its repositories handled once.</summary>
internal sealed class CacheReadiness : IPorchCacheReadiness
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _listed;

    public bool IsReady => _ready.Task.IsCompleted;

    public IReadOnlyList<string> PendingRepositories
    {
        get
        {
            lock (_lock)
            {
                return [.. _pending.Order(StringComparer.Ordinal)];
            }
        }
    }

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>A repository of the initial set was reported.</summary>
    public void Expect(string repository)
    {
        lock (_lock)
        {
            if (!_listed)
            {
                _pending.Add(repository);
            }
        }
    }

    /// <summary>A repository was opened and synced, failed once (it keeps being retried), or was deleted.</summary>
    public void Handled(string repository)
    {
        lock (_lock)
        {
            _pending.Remove(repository);
            CompleteIfDone();
        }
    }

    /// <summary>Every repository of the initial set has been reported.</summary>
    public void InitialSetListed()
    {
        lock (_lock)
        {
            _listed = true;
            CompleteIfDone();
        }
    }

    private void CompleteIfDone()
    {
        if (_listed && _pending.Count == 0)
        {
            _ready.TrySetResult();
        }
    }
}
