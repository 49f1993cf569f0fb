using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Objects;

namespace Porch.Repository.Git;

/// <summary>
/// An open change to one package revision. Every <see cref="UpdateResourcesAsync"/> writes one commit into the draft's
/// private <see cref="ObjectQuarantine"/>; no ref changes anywhere until the repository closes the draft. Closing or
/// disposing deletes the quarantine folder, so an abandoned draft leaves nothing in the cache folder.
/// </summary>
internal sealed class GitPackageRevisionDraft : IPackageRevisionDraft
{
    private readonly GitPackageRepository _repository;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ObjectQuarantine? _quarantine;
    private IReadOnlyDictionary<string, string> _resources;
    private int _lifecycle;

    public GitPackageRevisionDraft(
        GitPackageRepository repository,
        PackageRevisionKey key,
        PackageRevisionLifecycle lifecycle,
        string? baseRootTreeId,
        string? tipCommitId,
        string? packageTreeId,
        IReadOnlyDictionary<string, string> resources,
        IReadOnlyList<TaskSpec> tasks,
        string? expectedDraftRef,
        string? expectedProposedRef)
    {
        _repository = repository;
        Key = key;
        _lifecycle = (int)lifecycle;
        BaseRootTreeId = baseRootTreeId;
        TipCommitId = tipCommitId;
        PackageTreeId = packageTreeId;
        _resources = resources;
        Tasks = tasks;
        ExpectedDraftRef = expectedDraftRef;
        ExpectedProposedRef = expectedProposedRef;
    }

    public PackageRevisionKey Key { get; }

    public PackageRevisionLifecycle Lifecycle => (PackageRevisionLifecycle)Volatile.Read(ref _lifecycle);

    public IReadOnlyDictionary<string, string> Resources => _resources;

    /// <summary>Gets the root tree every commit of the draft starts from (the package folder is replaced wholesale).</summary>
    public string? BaseRootTreeId { get; }

    /// <summary>Gets the newest commit of the draft (null: none yet and no parent, as in an empty repository).</summary>
    public string? TipCommitId { get; private set; }

    /// <summary>Gets the tree of the package folder at <see cref="TipCommitId"/>, or null when it has none.</summary>
    public string? PackageTreeId { get; private set; }

    public IReadOnlyList<TaskSpec> Tasks { get; private set; }

    /// <summary>Gets the lease for <c>drafts/...</c>: the commit the branch had when the draft started (null: absent).</summary>
    public string? ExpectedDraftRef { get; }

    /// <summary>Gets the lease for <c>proposed/...</c>.</summary>
    public string? ExpectedProposedRef { get; }

    /// <summary>Gets the objects written by the draft, or null when it wrote none.</summary>
    public ObjectQuarantine? Quarantine => _quarantine;

    public bool Closed { get; set; }

    internal GitPackageRepository Repository => _repository;

    public async Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in resources)
        {
            copy[PackagePath.Validate(path)] = content ?? "";
        }

        if (!copy.ContainsKey(Kptfile.FileName))
        {
            throw new PackageValidationException("package must contain Kptfile at root");
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Closed, this);
            var builder = new CommitBuilder(_repository.Objects, EnsureQuarantine());
            var packageTree = await builder.WritePackageTreeAsync(copy, cancellationToken).ConfigureAwait(false);
            var rootTree = await builder.ReplaceSubtreeAsync(BaseRootTreeId, Key.Package.FullPath, packageTree, cancellationToken).ConfigureAwait(false);
            var (author, committer) = _repository.Signatures();
            var message = CommitMessages.Draft(Key.Package.FullPath, Key.WorkspaceName, task);
            var parents = TipCommitId is null ? Array.Empty<string>() : [TipCommitId];
            TipCommitId = await builder.WriteCommitAsync(rootTree, parents, author, committer, message, cancellationToken).ConfigureAwait(false);
            PackageTreeId = packageTree;
            _resources = copy;
            if (task is { Type: TaskType.Init or TaskType.Clone or TaskType.Edit or TaskType.Upgrade })
            {
                Tasks = [task];
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default)
    {
        if (lifecycle == PackageRevisionLifecycle.DeletionProposed)
        {
            throw new InvalidLifecycleTransitionException(
                "a draft cannot become DeletionProposed; change the lifecycle of the published revision instead",
                Lifecycle,
                lifecycle);
        }

        Volatile.Write(ref _lifecycle, (int)lifecycle);
        return Task.CompletedTask;
    }

    /// <summary>Ends the draft: waits for a running update or close, then deletes the quarantine (a closed draft already has none).</summary>
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Closed = true;
            ReleaseQuarantine();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Deletes the quarantine folder; called with the draft's lock held.</summary>
    internal void ReleaseQuarantine()
    {
        _quarantine?.Dispose();
        _quarantine = null;
    }

    internal Task LockAsync(CancellationToken cancellationToken) => _lock.WaitAsync(cancellationToken);

    internal void Unlock() => _lock.Release();

    internal ObjectQuarantine EnsureQuarantine() => _quarantine ??= _repository.Mirror.Backend.CreateQuarantine();
}
