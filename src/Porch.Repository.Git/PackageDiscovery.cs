using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Diagnostics;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>
/// Porch's discovery rules (spec 5.3) over one ref snapshot: placeholder revisions from the registered branch, Published
/// revisions from tags, Draft and Proposed revisions from <c>drafts/</c> and <c>proposed/</c> branches, DeletionProposed
/// from <c>deletionProposed/</c> branches; workspaces and tasks from <c>kpt:</c> annotations.
/// </summary>
internal sealed class PackageDiscovery(GitPackageRepository repository)
{
    private readonly HashSet<string> _warnedCommits = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<GitPackageRevision>> DiscoverAsync(RefSnapshot snapshot, CancellationToken cancellationToken)
    {
        var store = repository.Objects;
        var branchRef = GitRefNames.Branch(repository.Branch);
        var prefix = repository.Key.Path.Length == 0 ? "" : repository.Key.Path + "/";
        var tags = new List<GitRef>();
        var branches = new List<(GitRef Ref, PackageRevisionLifecycle Lifecycle, string Name)>();
        var deletionProposed = new HashSet<string>(StringComparer.Ordinal);
        GitRef? head = null;
        foreach (var gitRef in snapshot.Refs)
        {
            if (gitRef.Name == branchRef)
            {
                head = gitRef;
            }
            else if (gitRef.Name.StartsWith(GitRefNames.Tags, StringComparison.Ordinal))
            {
                tags.Add(gitRef);
            }
            else if (gitRef.Name.StartsWith(GitRefNames.DraftsPrefix, StringComparison.Ordinal))
            {
                branches.Add((gitRef, PackageRevisionLifecycle.Draft, gitRef.Name[GitRefNames.DraftsPrefix.Length..]));
            }
            else if (gitRef.Name.StartsWith(GitRefNames.ProposedPrefix, StringComparison.Ordinal))
            {
                branches.Add((gitRef, PackageRevisionLifecycle.Proposed, gitRef.Name[GitRefNames.ProposedPrefix.Length..]));
            }
            else if (gitRef.Name.StartsWith(GitRefNames.DeletionProposedPrefix, StringComparison.Ordinal))
            {
                deletionProposed.Add(gitRef.Name);
            }
        }

        var tips = new List<string>();
        if (head is { } h)
        {
            tips.Add(h.CommitId);
        }

        tips.AddRange(tags.Select(static t => t.CommitId));
        tips.AddRange(branches.Select(static b => b.Ref.CommitId));

        // The package folder of every tag and drafts/proposed branch, resolved in one pipelined read.
        var paths = new List<(string, string)>();
        foreach (var gitRef in tags.Concat(branches.Select(static b => b.Ref)))
        {
            if (PackagePathOf(gitRef.Name) is { } full)
            {
                paths.Add((gitRef.CommitId, full));
            }
        }

        TaskHistory history;
        IReadOnlyDictionary<(string CommitId, string Path), GitTree> packageTrees;
        if (store.ReadsInParallel && paths.Count > 0)
        {
            // Reads in process: the tips' commits first, half on each of two threads; then the history (every commit
            // the tips reach, and the index of their annotations) on this thread while the package folders are
            // resolved on another, from the tips' root trees (no commit is read twice).
            var distinct = tips.Distinct(StringComparer.Ordinal).ToArray();
            var half = distinct.Length / 2;
            var firstHalf = Task.Run(() => store.LoadCommitsAsync(distinct[..half], cancellationToken).AsTask(), cancellationToken);
            var secondHalf = store.LoadCommitsAsync(distinct[half..], cancellationToken).AsTask();
            await Task.WhenAll(firstHalf, secondHalf).ConfigureAwait(false); // both end before either's failure is reported

            var trees = Task.Run(() => store.GetTreesAtPathsAsync(paths, cancellationToken).AsTask(), cancellationToken);
            var built = BuildHistoryAsync(tips, cancellationToken);
            await Task.WhenAll(built, trees).ConfigureAwait(false);
            history = built.Result;
            packageTrees = trees.Result;
        }
        else
        {
            history = await BuildHistoryAsync(tips, cancellationToken).ConfigureAwait(false);
            packageTrees = await store.GetTreesAtPathsAsync(paths, cancellationToken).ConfigureAwait(false);
        }

        var result = new List<GitPackageRevision>();
        if (head is { } branchHead)
        {
            await AddPlaceholdersAsync(branchHead, prefix, history, deletionProposed, result, cancellationToken).ConfigureAwait(false);
        }

        foreach (var tag in tags)
        {
            AddTag(tag, prefix, history, deletionProposed, packageTrees, result);
        }

        // A tag supersedes the draft or proposed branch of its own workspace: an approval interrupted after its tag
        // landed and before the branch's deletion (OrderedRefUpdates) lists once, as the published revision.
        var published = new HashSet<(string, string)>();
        foreach (var revision in result)
        {
            if (revision.Key.Revision > 0)
            {
                published.Add((revision.FullPath, revision.Key.WorkspaceName));
            }
        }

        foreach (var (gitRef, lifecycle, name) in branches)
        {
            AddBranch(gitRef, lifecycle, name, prefix, history, packageTrees, published, result);
        }

        // By object name, then revision; each name composed once (composing one per comparison was most of a cold
        // list's garbage).
        var order = new (string Name, long Revision)[result.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = (result[i].Key.ObjectName, result[i].Key.Revision);
        }

        var sorted = result.ToArray();
        Array.Sort(order, sorted, SortKeyComparer.Instance);
        return sorted;
    }

    /// <summary>Loads every commit the tips reach and indexes their annotations (warning once about malformed ones).</summary>
    private async Task<TaskHistory> BuildHistoryAsync(List<string> tips, CancellationToken cancellationToken)
    {
        var store = repository.Objects;
        await store.EnsureHistoryAsync(tips, cancellationToken).ConfigureAwait(false);
        var commits = store.CachedCommits.ToList();
        WarnInvalidAnnotations(commits);
        return new TaskHistory(store, commits);
    }

    private async Task AddPlaceholdersAsync(GitRef head, string prefix, TaskHistory history, HashSet<string> deletionProposed, List<GitPackageRevision> result, CancellationToken cancellationToken)
    {
        var store = repository.Objects;
        var commit = await store.GetCommitAsync(head.CommitId, cancellationToken).ConfigureAwait(false);
        var root = await store.GetTreeAtPathAsync(commit.TreeId, repository.Key.Path, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        var packages = new List<string>();
        await FindPackagesAsync(root, "", packages, cancellationToken).ConfigureAwait(false);
        var newest = history.FindNewestAnnotated(head.CommitId, packages.Select(p => prefix + p).ToArray());
        var branch = repository.Branch;
        foreach (var relative in packages)
        {
            var full = prefix + relative;
            var tasks = (IReadOnlyList<TaskSpec>)[];
            var publishedBy = commit.Author;
            if (newest.TryGetValue(full, out var annotated))
            {
                var workspace = string.IsNullOrEmpty(annotated.Annotation.WorkspaceName) ? annotated.Annotation.Revision ?? "" : annotated.Annotation.WorkspaceName;
                tasks = history.FindTasks(annotated.Commit.Id, full, workspace);
                publishedBy = annotated.Commit.Author;
            }

            var lifecycle = deletionProposed.Contains(GitRefNames.DeletionProposed(full, -1, branch))
                ? PackageRevisionLifecycle.DeletionProposed
                : PackageRevisionLifecycle.Published;
            var key = new PackageRevisionKey(PackageKey.FromPackageName(repository.Key, relative), -1, branch);
            result.Add(new GitPackageRevision(repository, key, lifecycle, head.Name, head.CommitId, tasks, new PublishInfo(publishedBy.Email, publishedBy.When)));
        }
    }

    private void AddTag(GitRef tag, string prefix, TaskHistory history, HashSet<string> deletionProposed, IReadOnlyDictionary<(string, string), GitTree> packageTrees, List<GitPackageRevision> result)
    {
        var name = tag.Name[GitRefNames.Tags.Length..];
        var slash = name.LastIndexOf('/');
        if (slash <= 0)
        {
            return; // release tags such as v1.0 name no package
        }

        var full = name[..slash];
        var suffix = name[(slash + 1)..];
        if (!full.StartsWith(prefix, StringComparison.Ordinal) || full.Length == prefix.Length ||
            !repository.Objects.TryGetCachedCommit(tag.CommitId, out var commit))
        {
            return;
        }

        if (!packageTrees.TryGetValue((tag.CommitId, full), out var tree) || !tree.HasKptfile)
        {
            return;
        }

        var workspace = commit.Annotations.FirstOrDefault(a => a.Package == full && !string.IsNullOrEmpty(a.WorkspaceName))?.WorkspaceName ?? suffix;
        var revision = PackageRevisionName.ParseRevision(suffix);
        var lifecycle = deletionProposed.Contains(GitRefNames.DeletionProposed(full, revision, workspace))
            ? PackageRevisionLifecycle.DeletionProposed
            : PackageRevisionLifecycle.Published;
        var key = new PackageRevisionKey(PackageKey.FromPackageName(repository.Key, full[prefix.Length..]), revision, workspace);
        var tasks = history.FindTasks(commit.Id, full, workspace);
        result.Add(new GitPackageRevision(repository, key, lifecycle, tag.Name, commit.Id, tasks, new PublishInfo(commit.Author.Email, commit.Author.When)));
    }

    private void AddBranch(GitRef gitRef, PackageRevisionLifecycle lifecycle, string name, string prefix, TaskHistory history, IReadOnlyDictionary<(string, string), GitTree> packageTrees, HashSet<(string, string)> published, List<GitPackageRevision> result)
    {
        var slash = name.LastIndexOf('/');
        if (slash <= 0 || slash == name.Length - 1)
        {
            repository.Logger.MalformedBranchSkipped(repository.DisplayName, gitRef.Name);
            return;
        }

        var full = name[..slash];
        var workspace = name[(slash + 1)..];
        if (!full.StartsWith(prefix, StringComparison.Ordinal) || full.Length == prefix.Length ||
            published.Contains((full, workspace)) ||
            !repository.Objects.TryGetCachedCommit(gitRef.CommitId, out var commit))
        {
            return;
        }

        if (!packageTrees.TryGetValue((gitRef.CommitId, full), out var tree) || !tree.HasKptfile)
        {
            repository.Logger.BranchWithoutKptfileSkipped(repository.DisplayName, gitRef.Name);
            return;
        }

        var key = new PackageRevisionKey(PackageKey.FromPackageName(repository.Key, full[prefix.Length..]), 0, workspace);
        var tasks = history.FindTasks(commit.Id, full, workspace);
        result.Add(new GitPackageRevision(repository, key, lifecycle, gitRef.Name, commit.Id, tasks, default));
    }

    // The package path a tag or drafts/proposed branch names (everything before the last '/'), or null.
    private static string? PackagePathOf(string refName)
    {
        var name = refName.StartsWith(GitRefNames.Tags, StringComparison.Ordinal) ? refName[GitRefNames.Tags.Length..]
            : refName.StartsWith(GitRefNames.DraftsPrefix, StringComparison.Ordinal) ? refName[GitRefNames.DraftsPrefix.Length..]
            : refName.StartsWith(GitRefNames.ProposedPrefix, StringComparison.Ordinal) ? refName[GitRefNames.ProposedPrefix.Length..]
            : null;
        var slash = name?.LastIndexOf('/') ?? -1;
        return slash > 0 ? name![..slash] : null;
    }

    // A folder holding a regular file named Kptfile is a package; discovery does not descend below it. Breadth first,
    // one pipelined read per level.
    private async Task FindPackagesAsync(GitTree root, string rootPath, List<string> packages, CancellationToken cancellationToken)
    {
        var level = new List<(TreeEntry Entry, string Path)>();
        foreach (var entry in root.Entries.Where(static e => e.IsTree))
        {
            level.Add((entry, rootPath.Length == 0 ? entry.Name : rootPath + "/" + entry.Name));
        }

        while (level.Count > 0)
        {
            await repository.Objects.LoadTreesAsync(level.Select(static l => l.Entry.Id), cancellationToken).ConfigureAwait(false);
            var next = new List<(TreeEntry, string)>();
            foreach (var (entry, path) in level)
            {
                var child = await repository.Objects.GetTreeAsync(entry.Id, cancellationToken).ConfigureAwait(false);
                if (child.HasKptfile)
                {
                    packages.Add(path);
                    continue;
                }

                foreach (var grandchild in child.Entries.Where(static e => e.IsTree))
                {
                    next.Add((grandchild, path + "/" + grandchild.Name));
                }
            }

            level = next;
        }
    }

    private void WarnInvalidAnnotations(List<GitCommit> commits)
    {
        lock (_warnedCommits)
        {
            foreach (var commit in commits)
            {
                if (commit.InvalidAnnotations.Count > 0 && _warnedCommits.Add(commit.Id))
                {
                    repository.Logger.InvalidAnnotationSkipped(repository.DisplayName, commit.Id, commit.InvalidAnnotations.Count);
                }
            }
        }
    }

    private sealed class SortKeyComparer : IComparer<(string Name, long Revision)>
    {
        public static readonly SortKeyComparer Instance = new();

        public int Compare((string Name, long Revision) x, (string Name, long Revision) y)
        {
            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : x.Revision.CompareTo(y.Revision);
        }
    }
}
