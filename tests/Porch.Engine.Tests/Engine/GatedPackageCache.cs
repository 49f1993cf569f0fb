using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tests.Engine;

/// <summary>
/// A cache whose repositories can hold one listing at a signal: the listing is read first, then the caller waits
/// until the test releases it, so it goes on with what it read while other requests change the repository.
/// </summary>
internal sealed class GatedPackageCache(IPackageCache inner) : IPackageCache
{
    private Gate? _armed;

    /// <summary>Holds the next listing whose filter matches <paramref name="when"/> (once); await <see cref="Gate.Entered"/>, then <see cref="Gate.Release"/>.</summary>
    public Gate HoldNextListing(Func<PackageRevisionFilter, bool> when)
    {
        var gate = new Gate(when);
        Volatile.Write(ref _armed, gate);
        return gate;
    }

    public async Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default) =>
        new GatedRepository(await inner.OpenRepositoryAsync(repository, cancellationToken).ConfigureAwait(false), this);

    public Task CloseRepositoryAsync(Repository repository, CancellationToken cancellationToken = default) =>
        inner.CloseRepositoryAsync(repository, cancellationToken);

    private Gate? Take(PackageRevisionFilter filter)
    {
        var gate = Volatile.Read(ref _armed);
        return gate is not null && gate.When(filter) && Interlocked.CompareExchange(ref _armed, null, gate) == gate ? gate : null;
    }

    internal sealed class Gate(Func<PackageRevisionFilter, bool> when)
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<PackageRevisionFilter, bool> When { get; } = when;

        /// <summary>Completes when a listing has been read and is being held.</summary>
        public Task Entered => _entered.Task;

        /// <summary>Lets the held listing return what it read.</summary>
        public void Release() => _released.TrySetResult();

        internal Task HoldAsync()
        {
            _entered.TrySetResult();
            return _released.Task;
        }
    }

    private sealed class GatedRepository(IRepository inner, GatedPackageCache owner) : IRepository
    {
        public RepositoryKey Key => inner.Key;

        public async Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
        {
            var list = await inner.ListPackageRevisionsAsync(filter, cancellationToken).ConfigureAwait(false);
            if (owner.Take(filter) is { } gate)
            {
                await gate.HoldAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return list;
        }

        public Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default) =>
            inner.CreatePackageRevisionDraftAsync(packageRevision, cancellationToken);

        public Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default) =>
            inner.UpdatePackageRevisionAsync(packageRevision, cancellationToken);

        public Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default) =>
            inner.ClosePackageRevisionDraftAsync(draft, revision, cancellationToken);

        public Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default) =>
            inner.DeletePackageRevisionAsync(packageRevision, cancellationToken);

        public Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default) =>
            inner.ListPackagesAsync(filter, cancellationToken);

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => inner.VersionAsync(cancellationToken);

        public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default) => inner.BranchCommitHashAsync(cancellationToken);

        public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
