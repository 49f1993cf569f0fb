using Porch.Engine.Api;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// Answers Porch's history questions over commits already loaded: the creating task of a revision (walk from its commit
/// in committer-time order, taking every init/clone/edit/upgrade annotation of the package and workspace and stopping at
/// the first init/clone) and the newest annotated commit of each package on a branch.
/// </summary>
/// <remarks>
/// An index of the commits carrying creating annotations per (package, workspace) lets a walk stop as soon as no
/// remaining candidate can still be reached (all are newer than everything left to visit), instead of walking to the root.
/// </remarks>
internal sealed class TaskHistory
{
    private readonly ObjectStore _store;
    private readonly Dictionary<(string Package, string Workspace), List<GitCommit>> _creating = [];

    public TaskHistory(ObjectStore store, IEnumerable<GitCommit> commits)
    {
        _store = store;
        foreach (var commit in commits)
        {
            foreach (var annotation in commit.Annotations)
            {
                if (annotation.Package is null || !annotation.IsCreatingTask || annotation.Task is null)
                {
                    continue;
                }

                var workspace = string.IsNullOrEmpty(annotation.WorkspaceName) ? annotation.Revision : annotation.WorkspaceName;
                if (string.IsNullOrEmpty(workspace))
                {
                    continue;
                }

                if (!_creating.TryGetValue((annotation.Package, workspace), out var list))
                {
                    list = [];
                    _creating[(annotation.Package, workspace)] = list;
                }

                if (list.Count == 0 || list[^1] != commit)
                {
                    list.Add(commit);
                }
            }
        }
    }

    public IReadOnlyList<TaskSpec> FindTasks(string startCommitId, string package, string workspace)
    {
        if (!_creating.TryGetValue((package, workspace), out var candidates))
        {
            return [];
        }

        IReadOnlyList<TaskSpec> tasks = [];
        if (candidates.Count == 1 && (candidates[0].Id == startCommitId || Get(startCommitId)?.Parents.Contains(candidates[0].Id) == true))
        {
            // The one candidate is the start or one of its parents: the walk would reach it (nothing is older while it
            // waits) and take what it holds, so no walk is needed. (A tag on an approval whose second parent is its draft.)
            TakeTasks(candidates[0], package, workspace, ref tasks);
            return tasks;
        }

        var remaining = candidates.Select(static c => c.Id).ToHashSet(StringComparer.Ordinal);
        var minRemaining = candidates.Min(static c => c.Committer.When);
        var walker = Walk(startCommitId);
        while (walker.Next() is { } commit)
        {
            if (remaining.Remove(commit.Id))
            {
                if (TakeTasks(commit, package, workspace, ref tasks))
                {
                    return tasks;
                }

                if (remaining.Count == 0)
                {
                    return tasks;
                }

                minRemaining = candidates.Where(c => remaining.Contains(c.Id)).Min(static c => c.Committer.When);
            }

            if (walker.NextIsOlderThan(minRemaining))
            {
                return tasks;
            }
        }

        return tasks;
    }

    /// <summary>Takes the creating task of each of the commit's annotations of the package and workspace (the last wins); true at a starting task, where the history of the revision begins.</summary>
    private static bool TakeTasks(GitCommit commit, string package, string workspace, ref IReadOnlyList<TaskSpec> tasks)
    {
        foreach (var annotation in commit.Annotations)
        {
            if (annotation.Task is not null && annotation.IsCreatingTask && annotation.Matches(package, workspace))
            {
                tasks = [annotation.Task];
                if (annotation.IsStartingTask)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>For each package path, the newest commit (walking from <paramref name="headId"/>) whose annotations name it.</summary>
    public IReadOnlyDictionary<string, (GitCommit Commit, GitAnnotation Annotation)> FindNewestAnnotated(string headId, IReadOnlyCollection<string> packages)
    {
        var result = new Dictionary<string, (GitCommit, GitAnnotation)>(StringComparer.Ordinal);
        var pending = packages.ToHashSet(StringComparer.Ordinal);
        if (pending.Count == 0)
        {
            return result;
        }

        var walker = Walk(headId);
        while (walker.Next() is { } commit)
        {
            foreach (var annotation in commit.Annotations)
            {
                if (annotation.Package is not null && pending.Remove(annotation.Package))
                {
                    result[annotation.Package] = (commit, annotation);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }
        }

        return result;
    }

    private Walker Walk(string startId) => new(this, startId);

    private GitCommit? Get(string id) => _store.TryGetCachedCommit(id, out var commit) ? commit : null;

    /// <summary>Committer-time order (newest first), each commit once; ties keep discovery order.</summary>
    private sealed class Walker
    {
        private readonly TaskHistory _history;
        private readonly PriorityQueue<GitCommit, (long, long)> _heap = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private long _order;

        public Walker(TaskHistory history, string startId)
        {
            _history = history;
            Enqueue(startId);
        }

        public GitCommit? Next()
        {
            if (!_heap.TryDequeue(out var commit, out _))
            {
                return null;
            }

            foreach (var parentId in commit.Parents)
            {
                Enqueue(parentId);
            }

            return commit;
        }

        /// <summary>Whether everything still to visit is older than <paramref name="time"/>.</summary>
        public bool NextIsOlderThan(DateTimeOffset time) => !_heap.TryPeek(out var next, out _) || next.Committer.When < time;

        private void Enqueue(string id)
        {
            if (_seen.Add(id) && _history.Get(id) is { } commit)
            {
                _heap.Enqueue(commit, (-commit.Committer.When.ToUnixTimeSeconds(), _order++));
            }
        }
    }
}
