using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace CustomRepositoryAdapter;

/// <summary>
/// An open draft of a <see cref="FolderRepository"/>. Its files stay in memory until the repository closes it, so an
/// abandoned draft has nothing on disk to clean up.
/// </summary>
internal sealed class FolderDraft(FolderRepository owner, PackageRevisionKey key, PackageRevisionLifecycle lifecycle, FolderRevision? basis, IReadOnlyDictionary<string, string> files)
    : IPackageRevisionDraft
{
    private Dictionary<string, string> _files = new(files, StringComparer.Ordinal);

    public FolderRepository Owner { get; } = owner;

    /// <summary>Gets the revision this draft changes, or null for a new revision.</summary>
    public FolderRevision? Basis { get; } = basis;

    public PackageRevisionKey Key { get; } = key;

    public PackageRevisionLifecycle Lifecycle { get; private set; } = lifecycle;

    public IReadOnlyDictionary<string, string> Resources => _files;

    public IReadOnlyList<TaskSpec> Tasks { get; private set; } = basis?.Tasks ?? [];

    public bool ContentChanged { get; private set; }

    /// <summary>Gets or sets whether the draft is over (closed or disposed); set under the store's lock.</summary>
    public bool Ended { get; set; }

    public Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Ended, this);
        if (!resources.ContainsKey(Kptfile.FileName))
        {
            throw new PackageValidationException("package must contain Kptfile at root");
        }

        PackagePath.ValidateAll(resources.Keys);
        _files = new Dictionary<string, string>(resources, StringComparer.Ordinal);
        if (task is { Type: TaskType.Init or TaskType.Clone or TaskType.Edit or TaskType.Upgrade })
        {
            Tasks = [task];
        }

        ContentChanged = true;
        return Task.CompletedTask;
    }

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Ended, this);
        Lifecycle = lifecycle;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Taken so a close running on another thread finishes first; after this, the draft cannot be closed.
        await Owner.Store.Lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Ended = true;
        }
        finally
        {
            Owner.Store.Lock.Release();
        }
    }
}
