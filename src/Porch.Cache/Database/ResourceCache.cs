using System.Collections.Concurrent;

namespace Porch.Cache.Database;

/// <summary>
/// The files of revisions read from (or written to) the cache database, kept in memory by namespace, name and resource
/// version. A resource version names one content: the stores already rewrite a revision's files only when its resource
/// version changes (a Git revision's is its commit), so an entry never goes stale; a revision of a new version is a new
/// entry. Bounded: when full, it starts empty again rather than tracking use.
/// </summary>
internal sealed class ResourceCache(int capacity)
{
    private readonly ConcurrentDictionary<(string Namespace, string Name, string ResourceVersion), IReadOnlyDictionary<string, string>> _entries = new();
    private int _hits;
    private int _misses;

    /// <summary>Gets how many reads found their files here (tests).</summary>
    internal int Hits => Volatile.Read(ref _hits);

    /// <summary>Gets how many reads had to go to the database (tests).</summary>
    internal int Misses => Volatile.Read(ref _misses);

    public bool TryGet(string @namespace, string name, string resourceVersion, out IReadOnlyDictionary<string, string> files)
    {
        if (_entries.TryGetValue((@namespace, name, resourceVersion), out files!))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        Interlocked.Increment(ref _misses);
        return false;
    }

    /// <summary>Keeps <paramref name="files"/> as the content of the revision at <paramref name="resourceVersion"/> (never changed afterwards by the caller).</summary>
    public void Add(string @namespace, string name, string resourceVersion, IReadOnlyDictionary<string, string> files)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[(@namespace, name, resourceVersion)] = files;
    }
}
