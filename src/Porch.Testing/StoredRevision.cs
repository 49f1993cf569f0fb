using Porch.Engine.Api;
using Porch.Krm;
using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>An immutable snapshot of one revision stored in an <see cref="InMemoryRepository"/>.</summary>
internal sealed class StoredRevision : IPackageRevision
{
    private readonly Lazy<Kptfile> _kptfile;

    public StoredRevision(
        InMemoryRepository owner,
        PackageRevisionKey key,
        PackageRevisionLifecycle lifecycle,
        string resourceVersion,
        IReadOnlyDictionary<string, string> files,
        IReadOnlyList<TaskSpec> tasks,
        PublishInfo publishInfo)
    {
        Owner = owner;
        Key = key;
        Lifecycle = lifecycle;
        ResourceVersion = resourceVersion;
        Files = files;
        Tasks = tasks;
        PublishInfo = publishInfo;
        _kptfile = new Lazy<Kptfile>(() => Kptfile.Parse(Files[Kptfile.FileName]));
    }

    public InMemoryRepository Owner { get; }

    public PackageRevisionKey Key { get; }

    public PackageRevisionLifecycle Lifecycle { get; }

    public string ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Files { get; }

    public IReadOnlyList<TaskSpec> Tasks { get; }

    public PublishInfo PublishInfo { get; }

    public Locator Lock => new()
    {
        Type = "git",
        Git = new GitLock
        {
            Repo = Owner.Url,
            Directory = Key.Package.PackagePath,
            Ref = RefName,
            Commit = ResourceVersion,
        },
    };

    /// <summary>The short ref Porch's Git layout would give this revision.</summary>
    public string RefName => Lifecycle switch
    {
        PackageRevisionLifecycle.Draft => $"drafts/{Key.Package.FullPath}/{Key.WorkspaceName}",
        PackageRevisionLifecycle.Proposed => $"proposed/{Key.Package.FullPath}/{Key.WorkspaceName}",
        _ when Key.Revision == -1 => Key.WorkspaceName,
        _ => $"{Key.Package.FullPath}/v{Key.Revision}",
    };

    public ValueTask<IReadOnlyDictionary<string, string>> GetResourcesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Files);

    public ValueTask<Kptfile> GetKptfileAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_kptfile.Value);

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default) =>
        Owner.UpdatePublishedLifecycleAsync(this, lifecycle, cancellationToken);

    public StoredRevision With(PackageRevisionLifecycle lifecycle) =>
        new(Owner, Key, lifecycle, ResourceVersion, Files, Tasks, PublishInfo);

    public override string ToString() => $"{Key.ObjectName} ({Lifecycle}, {ResourceVersion})";
}
