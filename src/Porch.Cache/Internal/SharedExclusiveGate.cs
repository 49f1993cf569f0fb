namespace Porch.Cache.Internal;

/// <summary>
/// An asynchronous shared/exclusive lock. Writes of single revisions (closes, deletes, lifecycle changes) hold it
/// shared, so concurrent closes of one repository reach the repository together (where the Git adapter pushes them in
/// one group); a sync holds it exclusively, so its compare-and-apply never interleaves with a write. A waiting
/// exclusive holder stops new shared holders from entering, so a busy repository still gets synced.
/// </summary>
internal sealed class SharedExclusiveGate : IDisposable
{
    // Taken by everyone on the way in; an exclusive holder keeps it until it leaves, which queues new shared holders.
    private readonly SemaphoreSlim _turnstile = new(1, 1);

    // Free when no shared holder is inside; the first shared holder takes it, the last one gives it back.
    private readonly SemaphoreSlim _empty = new(1, 1);

    // Guards _shared and the first-in/last-out hand-over of _empty.
    private readonly Lock _count = new();
    private int _shared;

    /// <summary>Enters shared; dispose the result to leave.</summary>
    public async ValueTask<Releaser> EnterSharedAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_count)
            {
                // Holding the turnstile means no exclusive holder is inside, so _empty is free or held by shared holders.
                if (_shared == 0 && !_empty.Wait(0, CancellationToken.None))
                {
                    throw new InvalidOperationException("The gate is held exclusively by a holder that left the turnstile.");
                }

                _shared++;
            }
        }
        finally
        {
            _turnstile.Release();
        }

        return new Releaser(this, exclusive: false);
    }

    /// <summary>Enters exclusively (after the shared holders inside have left); dispose the result to leave.</summary>
    public async ValueTask<Releaser> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _empty.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _turnstile.Release();
            throw;
        }

        return new Releaser(this, exclusive: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _turnstile.Dispose();
        _empty.Dispose();
    }

    private void LeaveShared()
    {
        lock (_count)
        {
            if (--_shared == 0)
            {
                _empty.Release();
            }
        }
    }

    private void LeaveExclusive()
    {
        _empty.Release();
        _turnstile.Release();
    }

    /// <summary>Leaves the gate when disposed.</summary>
    internal readonly struct Releaser : IDisposable
    {
        private readonly SharedExclusiveGate? _gate;
        private readonly bool _exclusive;

        public Releaser(SharedExclusiveGate gate, bool exclusive)
        {
            _gate = gate;
            _exclusive = exclusive;
        }

        public void Dispose()
        {
            if (_exclusive)
            {
                _gate?.LeaveExclusive();
            }
            else
            {
                _gate?.LeaveShared();
            }
        }
    }
}
