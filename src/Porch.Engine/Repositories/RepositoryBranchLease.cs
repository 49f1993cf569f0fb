namespace Porch.Engine.Repositories;

/// <summary>A held <see cref="IRepositoryBranchLock"/>: given back when disposed (once).</summary>
public sealed class RepositoryBranchLease : IAsyncDisposable
{
    private Func<ValueTask>? _release;

    /// <summary>Initializes a new instance of the <see cref="RepositoryBranchLease"/> class.</summary>
    /// <param name="waited">Whether another holder had the lock when it was asked for.</param>
    /// <param name="release">Gives the lock back.</param>
    public RepositoryBranchLease(bool waited, Func<ValueTask> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        Waited = waited;
        _release = release;
    }

    /// <summary>
    /// Gets a value indicating whether another holder had the lock when it was asked for: it may have moved the branch
    /// meanwhile, so the holder reads the branch again before building on it.
    /// </summary>
    public bool Waited { get; }

    /// <summary>Gives the lock back.</summary>
    /// <returns>A task that completes when the lock is given back.</returns>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}
