using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace CustomRepositoryAdapter;

/// <summary>A stored package revision of a <see cref="FolderRepository"/>: its record, and its files read on demand.</summary>
internal sealed class FolderRevision(FolderRepository owner, RevisionRecord record) : IPackageRevision
{
    public FolderRepository Owner { get; } = owner;

    public RevisionRecord Record { get; } = record;

    public PackageRevisionKey Key { get; } = new(PackageKey.FromPackageName(owner.Key, record.PackagePath), record.Revision, record.Workspace);

    public PackageRevisionLifecycle Lifecycle => Record.Lifecycle;

    /// <summary>The content id: it changes exactly when the files change.</summary>
    public string ResourceVersion => Record.ContentId;

    public IReadOnlyList<TaskSpec> Tasks { get; } = record.Tasks.Select(FolderStore.DeserializeTask).ToArray();

    public PublishInfo PublishInfo => new(Record.PublishedBy, Record.PublishedAt);

    public Locator Lock => new()
    {
        Type = "git",
        Git = new GitLock { Repo = Owner.Url, Directory = Record.PackagePath, Ref = Record.Workspace, Commit = Record.ContentId },
    };

    public async ValueTask<IReadOnlyDictionary<string, string>> GetResourcesAsync(CancellationToken cancellationToken = default) =>
        await Owner.Store.ReadContentAsync(Record, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Kptfile> GetKptfileAsync(CancellationToken cancellationToken = default)
    {
        var files = await GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        return Kptfile.Parse(files[Kptfile.FileName]);
    }

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default) =>
        Owner.UpdatePublishedLifecycleAsync(this, lifecycle, cancellationToken);
}
