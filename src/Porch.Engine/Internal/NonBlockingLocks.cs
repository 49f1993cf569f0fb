using System.Collections.Concurrent;

namespace Porch.Engine.Internal;

/// <summary>A process-wide set of named, non-blocking locks (Porch's per-object mutex map): contention fails at once.</summary>
internal sealed class NonBlockingLocks
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <summary>Tries to take the lock <paramref name="key"/>; the returned handle releases it.</summary>
    public bool TryAcquire(string key, out Releaser releaser)
    {
        if (_held.TryAdd(key, 0))
        {
            releaser = new Releaser(this, key);
            return true;
        }

        releaser = default;
        return false;
    }

    public bool IsHeld(string key) => _held.ContainsKey(key);

    internal readonly struct Releaser(NonBlockingLocks owner, string key) : IDisposable
    {
        public void Dispose() => owner?._held.TryRemove(key, out _);
    }
}
