using System.Collections.Concurrent;

namespace Porch.Engine.Internal;

/// <summary>
/// A process-wide set of keyed, non-blocking locks (Porch's per-object mutex map): contention fails at once. Keys are
/// compared as values, never as joined text, so no two different keys can meet however their parts are spelled.
/// </summary>
/// <typeparam name="TKey">The key: a tuple or record of the parts that name the locked thing.</typeparam>
internal sealed class NonBlockingLocks<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, byte> _held = new();

    /// <summary>Tries to take the lock <paramref name="key"/>; the returned handle releases it.</summary>
    public bool TryAcquire(TKey key, out Releaser releaser)
    {
        if (_held.TryAdd(key, 0))
        {
            releaser = new Releaser(this, key);
            return true;
        }

        releaser = default;
        return false;
    }

    public bool IsHeld(TKey key) => _held.ContainsKey(key);

    internal readonly struct Releaser(NonBlockingLocks<TKey> owner, TKey key) : IDisposable
    {
        public void Dispose() => owner?._held.TryRemove(key, out _);
    }
}
