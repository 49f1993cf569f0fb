using System.Collections.Concurrent;
using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// The quarantine folders of one mirror. A quarantine whose objects all went into the mirror (its push landed) leaves
/// only empty fan-out folders: such a folder is kept for the next draft instead of being deleted (on a busy repository,
/// creating and removing those folders for every close costs more than writing the objects). A folder that still holds
/// objects (an abandoned or failed draft) is deleted with its draft, as before, and at most <see cref="Capacity"/>
/// folders wait for reuse; the mirror clears the quarantine root when it is opened.
/// </summary>
internal sealed class QuarantinePool(CacheFolder cache, string root)
{
    /// <summary>How many emptied folders wait for reuse at most.</summary>
    public const int Capacity = 64;

    private readonly ConcurrentQueue<string> _free = new();
    private int _count;

    /// <summary>A quarantine in a folder emptied by an earlier one, or in a new folder.</summary>
    public ObjectQuarantine Create()
    {
        if (_free.TryDequeue(out var folder))
        {
            Interlocked.Decrement(ref _count);
            return new ObjectQuarantine(cache, this, folder);
        }

        return new ObjectQuarantine(cache, this, cache.Confine(Path.Combine(root, Guid.NewGuid().ToString("N"))));
    }

    /// <summary>
    /// Keeps <paramref name="folder"/> for reuse when its quarantine says it holds no file (<paramref name="empty"/>:
    /// every object it wrote went into the mirror) and there is room; false when the caller deletes it.
    /// </summary>
    public bool TryKeep(string folder, bool empty)
    {
        if (!Directory.Exists(folder))
        {
            return true; // nothing was written: nothing to delete or keep
        }

        if (!empty)
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _free.Enqueue(folder);
        return true;
    }
}
