using System.Collections.Concurrent;
using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// Reads objects of one mirror through its backend and caches parsed commits and trees by id (objects are immutable,
/// so the caches never go stale).
/// </summary>
internal sealed class ObjectStore(IGitBackend backend)
{
    private readonly ConcurrentDictionary<string, GitCommit> _commits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GitTree> _trees = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _historyLock = new(1, 1);
    private readonly HashSet<string> _closed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closedTips = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether reads may run concurrently to advantage (the backend reads in process, a handle per reader).</summary>
    public bool ReadsInParallel => backend.ReadsInProcess;

    /// <summary>Gets every commit parsed so far.</summary>
    public IEnumerable<GitCommit> CachedCommits => _commits.Values;

    /// <summary>
    /// Makes sure every commit reachable from <paramref name="tips"/> is parsed and cached: one <c>rev-list</c> for the
    /// part of history not loaded before, then one pipelined read of those commits.
    /// </summary>
    public async ValueTask EnsureHistoryAsync(IEnumerable<string> tips, CancellationToken cancellationToken)
    {
        await _historyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var missing = tips.Where(t => !_closed.Contains(t)).Distinct(StringComparer.Ordinal).ToArray();
            if (missing.Length == 0)
            {
                return;
            }

            IReadOnlyCollection<string> ids;
            if (backend.ReadsInProcess)
            {
                ids = await WalkHistoryAsync(missing, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                ids = await backend.ListCommitsAsync(missing, _closedTips, cancellationToken).ConfigureAwait(false);
                await LoadCommitsAsync(ids.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            _closed.UnionWith(ids);
            _closed.UnionWith(missing);
            _closedTips.UnionWith(missing);
        }
        finally
        {
            _historyLock.Release();
        }
    }

    /// <summary>
    /// Reads and parses the commits reachable from <paramref name="tips"/>, one generation per read, stopping at commits
    /// whose whole history is loaded already: each commit is read once (a rev-walk first and a read after it would read
    /// every commit twice). For backends whose reads are in process; a process round trip per generation is not cheap.
    /// </summary>
    private async ValueTask<HashSet<string>> WalkHistoryAsync(string[] tips, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<string>(tips.Length);
        foreach (var tip in tips)
        {
            if (visited.Add(tip))
            {
                frontier.Add(tip);
            }
        }

        while (frontier.Count > 0)
        {
            await LoadCommitsAsync(frontier, cancellationToken).ConfigureAwait(false);
            var next = new List<string>();
            foreach (var id in frontier)
            {
                foreach (var parent in _commits[id].Parents)
                {
                    if (!_closed.Contains(parent) && visited.Add(parent))
                    {
                        next.Add(parent);
                    }
                }
            }

            frontier = next;
        }

        return visited;
    }

    public async ValueTask<GitCommit> GetCommitAsync(string id, CancellationToken cancellationToken)
    {
        if (_commits.TryGetValue(id, out var commit))
        {
            return commit;
        }

        await LoadCommitsAsync([id], cancellationToken).ConfigureAwait(false);
        return _commits[id];
    }

    /// <summary>Loads every commit of <paramref name="ids"/> that is not cached yet, in one pipelined read.</summary>
    public async ValueTask LoadCommitsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var missing = ids.Where(id => !_commits.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        var objects = await backend.ReadObjectsAsync(missing, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < missing.Length; i++)
        {
            var obj = objects[i];
            if (obj is null || obj.Type != "commit")
            {
                throw new GitCommandException("cat-file", -1, $"object {missing[i]} is not a commit in the mirror");
            }

            _commits[missing[i]] = GitCommit.Parse(missing[i], obj.Data);
        }
    }

    public bool TryGetCachedCommit(string id, out GitCommit commit) => _commits.TryGetValue(id, out commit!);

    public async ValueTask<GitTree> GetTreeAsync(string id, CancellationToken cancellationToken)
    {
        if (id == GitObjectFormat.EmptyTreeId)
        {
            return GitTree.Empty;
        }

        if (_trees.TryGetValue(id, out var tree))
        {
            return tree;
        }

        var objects = await backend.ReadObjectsAsync([id], cancellationToken).ConfigureAwait(false);
        if (objects[0] is not { Type: "tree" } obj)
        {
            throw new GitCommandException("cat-file", -1, $"object {id} is not a tree in the mirror");
        }

        tree = GitTree.Parse(id, obj.Data);
        _trees[id] = tree;
        return tree;
    }

    /// <summary>Loads every tree of <paramref name="ids"/> that is not cached yet, in one pipelined read.</summary>
    public async ValueTask LoadTreesAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var missing = ids.Where(id => id != GitObjectFormat.EmptyTreeId && !_trees.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        var objects = await backend.ReadObjectsAsync(missing, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < missing.Length; i++)
        {
            if (objects[i] is not { Type: "tree" } obj)
            {
                throw new GitCommandException("cat-file", -1, $"object {missing[i]} is not a tree in the mirror");
            }

            _trees[missing[i]] = GitTree.Parse(missing[i], obj.Data);
        }
    }

    /// <summary>
    /// Resolves the tree at each (commit, path) pair in one pipelined read (git walks the paths), caching the trees.
    /// Pairs whose path is missing or not a folder are absent from the result.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<(string CommitId, string Path), GitTree>> GetTreesAtPathsAsync(IReadOnlyList<(string CommitId, string Path)> items, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, string), GitTree>();
        if (items.Count == 0)
        {
            return result;
        }

        // A commit already parsed names its root tree: <tree>:<path> spares reading the commit again (both backends
        // resolve git's tree-ish syntax).
        var specs = items.Select(i => (_commits.TryGetValue(i.CommitId, out var commit) ? commit.TreeId : i.CommitId) + ":" + i.Path).ToArray();
        var objects = await backend.ReadObjectsAsync(specs, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            if (objects[i] is { Type: "tree" } obj)
            {
                var tree = _trees.GetOrAdd(obj.Id, static (id, data) => GitTree.Parse(id, data), obj.Data);
                result[items[i]] = tree;
            }
        }

        return result;
    }

    /// <summary>Remembers a tree this process wrote, so reading it back needs no I/O.</summary>
    public void AddTree(GitTree tree) => _trees.TryAdd(tree.Id, tree);

    /// <summary>Follows <paramref name="path"/> (<c>/</c>-separated, empty for the root) from a root tree; null when a segment is missing or not a tree.</summary>
    public async ValueTask<GitTree?> GetTreeAtPathAsync(string rootTreeId, string path, CancellationToken cancellationToken)
    {
        var tree = await GetTreeAsync(rootTreeId, cancellationToken).ConfigureAwait(false);
        if (path.Length == 0)
        {
            return tree;
        }

        foreach (var segment in path.Split('/'))
        {
            if (!tree.TryGet(segment, out var entry) || !entry.IsTree)
            {
                return null;
            }

            tree = await GetTreeAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        }

        return tree;
    }

    public async ValueTask<IReadOnlyList<byte[]>> GetBlobsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var objects = await backend.ReadObjectsAsync(ids, cancellationToken).ConfigureAwait(false);
        var result = new byte[ids.Count][];
        for (var i = 0; i < ids.Count; i++)
        {
            result[i] = objects[i] is { Type: "blob" } blob
                ? blob.Data
                : throw new GitCommandException("cat-file", -1, $"object {ids[i]} is not a blob in the mirror");
        }

        return result;
    }
}
