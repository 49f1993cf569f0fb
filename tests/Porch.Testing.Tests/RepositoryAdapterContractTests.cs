using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Testing.Contracts;

namespace Porch.Testing.Tests;

/// <summary>The in-memory repository keeps the adapter contract; adapters that break a rule are caught by name.</summary>
public sealed class RepositoryAdapterContractTests
{
    public static TheoryData<string> CheckNames => new(RepositoryAdapterContract.Checks.Select(c => c.Name));

    internal static Repository Describe(string name) => new()
    {
        Metadata = new ObjectMeta { Namespace = "default", Name = name },
        Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = "memory://" + name, Branch = "main" } },
    };

    private static Task<RepositoryContractSubject> InMemory(CancellationToken cancellationToken) =>
        Task.FromResult(new RepositoryContractSubject(new InMemoryRepositoryAdapter(), Describe("contract")));

    [Theory]
    [MemberData(nameof(CheckNames))]
    public Task InMemoryRepository_KeepsTheContract(string check) =>
        RepositoryAdapterContract.Check(check).RunAsync(InMemory);

    [Fact]
    public async Task RunAsync_RunsEveryCheckOnAFreshSubject()
    {
        var subjects = 0;
        await RepositoryAdapterContract.RunAsync(ct =>
        {
            Interlocked.Increment(ref subjects);
            return InMemory(ct);
        });

        Assert.Equal(RepositoryAdapterContract.Checks.Count, subjects);
    }

    [Fact]
    public async Task RunAsync_UnknownCheckName_FailsNamingTheChecks()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            RepositoryAdapterContract.RunAsync(InMemory, new RepositoryContractOptions { Checks = ["DraftsAreIsolatedUntilClose"] }));
        Assert.Contains("no repository contract check named 'DraftsAreIsolatedUntilClose'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DraftsAreIsolatedUntilClosed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdapterThatPublishesWithAnotherNumber_FailsPublishingAssignsTheGivenNumber()
    {
        var error = await Assert.ThrowsAsync<RepositoryContractViolationException>(() => RepositoryAdapterContract.RunAsync(
            _ => Task.FromResult(new RepositoryContractSubject(new WrappingAdapter(r => new RenumberingRepository(r)), Describe("broken")))));

        Assert.Equal("PublishingAssignsTheGivenNumber", error.Check);
        Assert.Contains("publishing as 1 returned 2 Published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdapterWhoseDisposeClosesTheDraft_FailsAbandonedDraftsLeaveNoTrace()
    {
        var error = await Assert.ThrowsAsync<RepositoryContractViolationException>(() => RepositoryAdapterContract.Check("AbandonedDraftsLeaveNoTrace").RunAsync(
            _ => Task.FromResult(new RepositoryContractSubject(new WrappingAdapter(r => new ClosingOnDisposeRepository(r)), Describe("leaky")))));

        Assert.Equal("AbandonedDraftsLeaveNoTrace", error.Check);
        Assert.StartsWith("Repository contract check 'AbandonedDraftsLeaveNoTrace' failed: a disposed, never closed draft is listed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdapterThatHangs_FailsWithinTheCheckTimeout()
    {
        var error = await Assert.ThrowsAsync<RepositoryContractViolationException>(() => RepositoryAdapterContract.Check("DraftsAreIsolatedUntilClosed").RunAsync(
            _ => Task.FromResult(new RepositoryContractSubject(new WrappingAdapter(r => new HangingRepository(r)), Describe("hung"))),
            new RepositoryContractOptions { CheckTimeout = TimeSpan.FromMilliseconds(200) }));

        Assert.Contains("did not finish within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubjectIsDisposedAfterTheCheck_EvenWhenItFails()
    {
        var disposed = 0;
        await Assert.ThrowsAsync<RepositoryContractViolationException>(() => RepositoryAdapterContract.Check("PublishingAssignsTheGivenNumber").RunAsync(
            _ => Task.FromResult(new RepositoryContractSubject(
                new WrappingAdapter(r => new RenumberingRepository(r)),
                Describe("disposed"),
                () =>
                {
                    disposed++;
                    return ValueTask.CompletedTask;
                }))));

        Assert.Equal(1, disposed);
    }

    /// <summary>Serves in-memory repositories through a wrapper that breaks one rule.</summary>
    private sealed class WrappingAdapter(Func<IRepository, IRepository> wrap) : IRepositoryAdapter
    {
        private readonly InMemoryRepositoryAdapter _inner = new();

        public RepositoryType Type => RepositoryType.Git;

        public async Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default) =>
            wrap(await _inner.OpenRepositoryAsync(repository, cancellationToken));
    }

    private class DelegatingRepository(IRepository inner) : IRepository
    {
        public RepositoryKey Key => inner.Key;

        public virtual Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default) => inner.ListPackageRevisionsAsync(filter, cancellationToken);

        public virtual Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default) => inner.CreatePackageRevisionDraftAsync(packageRevision, cancellationToken);

        public Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default) => inner.UpdatePackageRevisionAsync(packageRevision, cancellationToken);

        public virtual Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default) => inner.ClosePackageRevisionDraftAsync(draft, revision, cancellationToken);

        public Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default) => inner.DeletePackageRevisionAsync(packageRevision, cancellationToken);

        public Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default) => inner.ListPackagesAsync(filter, cancellationToken);

        public Task<string> VersionAsync(CancellationToken cancellationToken = default) => inner.VersionAsync(cancellationToken);

        public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default) => inner.BranchCommitHashAsync(cancellationToken);

        public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class RenumberingRepository(IRepository inner) : DelegatingRepository(inner)
    {
        public override Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default) =>
            base.ClosePackageRevisionDraftAsync(draft, revision == 0 ? 0 : revision + 1, cancellationToken);
    }

    private sealed class ClosingOnDisposeRepository(IRepository inner) : DelegatingRepository(inner)
    {
        public override async Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default) =>
            new ClosingDraft(this, await base.CreatePackageRevisionDraftAsync(packageRevision, cancellationToken));

        public override Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default) =>
            base.ClosePackageRevisionDraftAsync(draft is ClosingDraft d ? d.Inner : draft, revision, cancellationToken);

        private sealed class ClosingDraft(ClosingOnDisposeRepository owner, IPackageRevisionDraft inner) : IPackageRevisionDraft
        {
            private bool _closed;

            public IPackageRevisionDraft Inner => inner;

            public PackageRevisionKey Key => inner.Key;

            public PackageRevisionLifecycle Lifecycle => inner.Lifecycle;

            public IReadOnlyDictionary<string, string> Resources => inner.Resources;

            public Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default) => inner.UpdateResourcesAsync(resources, task, cancellationToken);

            public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default) => inner.UpdateLifecycleAsync(lifecycle, cancellationToken);

            public async ValueTask DisposeAsync()
            {
                if (!_closed && inner.Resources.Count > 0)
                {
                    _closed = true;
                    try
                    {
                        await owner.ClosePackageRevisionDraftAsync(inner, 0);
                    }
                    catch (InvalidOperationException)
                    {
                        // Already closed by the caller.
                    }
                }
            }
        }
    }

    private sealed class HangingRepository(IRepository inner) : DelegatingRepository(inner)
    {
        public override async Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default)
        {
            // Ignores the token, as a deadlocked adapter would.
            await new TaskCompletionSource().Task;
            throw new InvalidOperationException("unreachable");
        }
    }
}
