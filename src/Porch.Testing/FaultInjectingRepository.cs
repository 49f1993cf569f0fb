using Porch.Engine.Api;
using Porch.Krm;
using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>
/// Wraps an <see cref="IRepository"/> and fails the calls a <see cref="FaultPlan"/> names, before they reach the
/// inner repository, so tests can prove that a failure at any step leaves the repository as it was.
/// </summary>
public sealed class FaultInjectingRepository : IRepository
{
    private readonly IRepository _inner;
    private readonly FaultPlan _plan;

    /// <summary>Initializes a new instance of the <see cref="FaultInjectingRepository"/> class.</summary>
    /// <param name="inner">The repository to wrap.</param>
    /// <param name="plan">Which calls fail.</param>
    public FaultInjectingRepository(IRepository inner, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(plan);
        _inner = inner;
        _plan = plan;
    }

    /// <inheritdoc/>
    public RepositoryKey Key => _inner.Key;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.ListPackageRevisions);
        var list = await _inner.ListPackageRevisionsAsync(filter, cancellationToken).ConfigureAwait(false);
        return list.Select(r => (IPackageRevision)new Revision(r, _plan)).ToList();
    }

    /// <inheritdoc/>
    public async Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.CreateDraft);
        return new Draft(await _inner.CreatePackageRevisionDraftAsync(packageRevision, cancellationToken).ConfigureAwait(false), _plan);
    }

    /// <inheritdoc/>
    public async Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.OpenDraft);
        return new Draft(await _inner.UpdatePackageRevisionAsync(Unwrap(packageRevision), cancellationToken).ConfigureAwait(false), _plan);
    }

    /// <inheritdoc/>
    public async Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.CloseDraft);
        var inner = draft is Draft d ? d.Inner : draft;
        return new Revision(await _inner.ClosePackageRevisionDraftAsync(inner, revision, cancellationToken).ConfigureAwait(false), _plan);
    }

    /// <inheritdoc/>
    public Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.DeleteRevision);
        return _inner.DeletePackageRevisionAsync(Unwrap(packageRevision), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.ListPackages);
        return _inner.ListPackagesAsync(filter, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.Version);
        return _inner.VersionAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default) => _inner.BranchCommitHashAsync(cancellationToken);

    /// <inheritdoc/>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        _plan.OnCall(RepositoryOperation.Refresh);
        return _inner.RefreshAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private static IPackageRevision Unwrap(IPackageRevision revision) => revision is Revision r ? r.Inner : revision;

    private sealed class Revision(IPackageRevision inner, FaultPlan plan) : IPackageRevision
    {
        public IPackageRevision Inner { get; } = inner;

        public PackageRevisionKey Key => Inner.Key;

        public PackageRevisionLifecycle Lifecycle => Inner.Lifecycle;

        public string ResourceVersion => Inner.ResourceVersion;

        public IReadOnlyList<TaskSpec> Tasks => Inner.Tasks;

        public PublishInfo PublishInfo => Inner.PublishInfo;

        public Locator Lock => Inner.Lock;

        public ValueTask<IReadOnlyDictionary<string, string>> GetResourcesAsync(CancellationToken cancellationToken = default)
        {
            plan.OnCall(RepositoryOperation.GetResources);
            return Inner.GetResourcesAsync(cancellationToken);
        }

        public ValueTask<Kptfile> GetKptfileAsync(CancellationToken cancellationToken = default) => Inner.GetKptfileAsync(cancellationToken);

        public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default)
        {
            plan.OnCall(RepositoryOperation.UpdatePublishedLifecycle);
            return Inner.UpdateLifecycleAsync(lifecycle, cancellationToken);
        }
    }

    private sealed class Draft(IPackageRevisionDraft inner, FaultPlan plan) : IPackageRevisionDraft
    {
        public IPackageRevisionDraft Inner { get; } = inner;

        public PackageRevisionKey Key => Inner.Key;

        public PackageRevisionLifecycle Lifecycle => Inner.Lifecycle;

        public IReadOnlyDictionary<string, string> Resources => Inner.Resources;

        public Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default)
        {
            plan.OnCall(RepositoryOperation.UpdateResources);
            return Inner.UpdateResourcesAsync(resources, task, cancellationToken);
        }

        public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default)
        {
            plan.OnCall(RepositoryOperation.UpdateDraftLifecycle);
            return Inner.UpdateLifecycleAsync(lifecycle, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await Inner.DisposeAsync().ConfigureAwait(false);
            plan.OnCall(RepositoryOperation.DisposeDraft);
        }
    }
}
