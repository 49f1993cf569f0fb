using System.Text;
using Porch.Engine.Api;
using Porch.Krm;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Objects;

namespace Porch.Repository.Git;

/// <summary>
/// A package revision read from (or just written to) Git: a ref, the commit it points to and the package's path in that
/// commit's tree. <see cref="ResourceVersion"/> is the commit id.
/// </summary>
internal sealed class GitPackageRevision : IPackageRevision
{
    private readonly GitPackageRepository _repository;
    private volatile int _lifecycle;

    public GitPackageRevision(
        GitPackageRepository repository,
        PackageRevisionKey key,
        PackageRevisionLifecycle lifecycle,
        string refName,
        string commitId,
        IReadOnlyList<TaskSpec> tasks,
        PublishInfo publishInfo)
    {
        _repository = repository;
        Key = key;
        _lifecycle = (int)lifecycle;
        RefName = refName;
        CommitId = commitId;
        Tasks = tasks;
        PublishInfo = publishInfo;
    }

    public PackageRevisionKey Key { get; }

    public PackageRevisionLifecycle Lifecycle
    {
        get => (PackageRevisionLifecycle)_lifecycle;
        internal set => _lifecycle = (int)value;
    }

    /// <summary>Gets the remote ref the revision comes from (<c>refs/tags/...</c>, <c>refs/heads/drafts/...</c>, the registered branch).</summary>
    public string RefName { get; }

    public string CommitId { get; }

    public string FullPath => Key.Package.FullPath;

    public bool IsPlaceholder => Key.Revision == -1 && RefName == Refs.GitRefNames.Branch(Key.Repository.PlaceholderWorkspaceName);

    public string ResourceVersion => CommitId;

    public IReadOnlyList<TaskSpec> Tasks { get; }

    public PublishInfo PublishInfo { get; }

    public Locator Lock => new()
    {
        Type = "git",
        Git = new GitLock
        {
            Repo = _repository.RemoteUrl,
            Directory = Key.Package.PackagePath,
            Ref = Refs.GitRefNames.Short(RefName),
            Commit = CommitId,
        },
    };

    internal GitPackageRepository Repository => _repository;

    public async ValueTask<IReadOnlyDictionary<string, string>> GetResourcesAsync(CancellationToken cancellationToken = default)
    {
        var commit = await _repository.Objects.GetCommitAsync(CommitId, cancellationToken).ConfigureAwait(false);
        return await ReadPackageFilesAsync(_repository.Objects, commit.TreeId, FullPath, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Kptfile> GetKptfileAsync(CancellationToken cancellationToken = default)
    {
        var resources = await GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        if (!resources.TryGetValue(Kptfile.FileName, out var text))
        {
            throw new Engine.Errors.PackageValidationException("package must contain Kptfile at root");
        }

        return Kptfile.Parse(text);
    }

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default) =>
        _repository.UpdatePublishedLifecycleAsync(this, lifecycle, cancellationToken);

    public override string ToString() => Key.ObjectName + " (" + Lifecycle + ", " + Refs.GitRefNames.Short(RefName) + ")";

    /// <summary>Reads every regular file under <paramref name="path"/> (nested folders included) as UTF-8 text.</summary>
    internal static async ValueTask<IReadOnlyDictionary<string, string>> ReadPackageFilesAsync(ObjectStore store, string rootTreeId, string path, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tree = await store.GetTreeAtPathAsync(rootTreeId, path, cancellationToken).ConfigureAwait(false);
        if (tree is null)
        {
            return files;
        }

        var paths = new List<string>();
        var blobIds = new List<string>();
        await CollectAsync(store, tree, "", paths, blobIds, cancellationToken).ConfigureAwait(false);
        var blobs = await store.GetBlobsAsync(blobIds, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < paths.Count; i++)
        {
            files[paths[i]] = Encoding.UTF8.GetString(blobs[i]);
        }

        return files;
    }

    private static async ValueTask CollectAsync(ObjectStore store, GitTree tree, string prefix, List<string> paths, List<string> blobIds, CancellationToken cancellationToken)
    {
        foreach (var entry in tree.Entries)
        {
            if (entry.IsTree)
            {
                var child = await store.GetTreeAsync(entry.Id, cancellationToken).ConfigureAwait(false);
                await CollectAsync(store, child, prefix + entry.Name + "/", paths, blobIds, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.IsRegularFile)
            {
                paths.Add(prefix + entry.Name);
                blobIds.Add(entry.Id);
            }
        }
    }
}
