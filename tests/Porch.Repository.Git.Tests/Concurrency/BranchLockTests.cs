using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Concurrency;

/// <summary>
/// With a replicas' branch lock registered (<see cref="IRepositoryBranchLock"/>), a close that moves the registered
/// branch takes it first; when another holder had it, the branch is read again before the approval is built, so the
/// approval is not lost to the other replica's push and rebuilt.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BranchLockTests : IAsyncLifetime
{
    private const int RegisteredBranchMovedEvent = 3002;
    private const int BranchLockUnavailableEvent = 3005;
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [BackendFact]
    public async Task Approve_LockSaysAnotherReplicaHadIt_ReadsTheBranchFirst_AndPushesWithoutARebuild()
    {
        var branchLock = new RecordingBranchLock(waited: true);
        await using var first = new GitTestContext();
        await using var second = new GitTestContext(branchLock: branchLock);
        var a = await first.OpenAsync(_remote, createBranch: true);
        var one = await GitTestContext.MoveAsync(a, await GitTestContext.CreateDraftAsync(a, "one", "ws1"), PackageRevisionLifecycle.Proposed);
        var two = await GitTestContext.MoveAsync(a, await GitTestContext.CreateDraftAsync(a, "two", "ws1"), PackageRevisionLifecycle.Proposed);
        var b = await second.OpenAsync(_remote);
        var twoB = Assert.Single(await b.ListPackageRevisionsAsync(new PackageRevisionFilter { PackageName = "two" }));
        Assert.Equal(0, branchLock.Taken); // opening and proposing never move the branch

        await GitTestContext.MoveAsync(a, one, PackageRevisionLifecycle.Published, 1); // the other replica moves main
        var published = await GitTestContext.MoveAsync(b, twoB, PackageRevisionLifecycle.Published, 1);

        Assert.Equal(PackageRevisionLifecycle.Published, published.Lifecycle);
        Assert.Equal((1, 0), (branchLock.Taken, branchLock.Held));
        Assert.DoesNotContain(second.Logs.Entries, e => e.EventId.Id == RegisteredBranchMovedEvent);
        var log = TestGit.Run(_remote, "log", "--first-parent", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, log.Length); // both approvals on the initial commit
        Assert.Contains(TestGit.Refs(_remote), r => r.StartsWith("refs/tags/two/v1", StringComparison.Ordinal));
        GC.KeepAlive(two);
    }

    [BackendFact]
    public async Task Approve_LockCannotBeHad_ApprovesWithoutIt_AndWarns()
    {
        var branchLock = new RecordingBranchLock(waited: false) { Failure = new InvalidOperationException("the database is away") };
        await using var context = new GitTestContext(branchLock: branchLock);
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var proposed = await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "app", "ws1"), PackageRevisionLifecycle.Proposed);

        var published = await GitTestContext.MoveAsync(repository, proposed, PackageRevisionLifecycle.Published, 1);

        Assert.Equal(PackageRevisionLifecycle.Published, published.Lifecycle);
        var warning = Assert.Single(context.Logs.Entries, e => e.EventId.Id == BranchLockUnavailableEvent);
        Assert.Contains("Could not take the branch lock of", warning.Text, StringComparison.Ordinal);
        Assert.Contains(TestGit.Refs(_remote), r => r.StartsWith("refs/tags/app/v1", StringComparison.Ordinal));
    }

    /// <summary>Counts how often the lock was taken and how many holders have not given it back.</summary>
    private sealed class RecordingBranchLock(bool waited) : IRepositoryBranchLock
    {
        private int _taken;
        private int _held;

        public Exception? Failure { get; init; }

        public int Taken => Volatile.Read(ref _taken);

        public int Held => Volatile.Read(ref _held);

        public ValueTask<RepositoryBranchLease> AcquireAsync(RepositoryKey repository, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                return ValueTask.FromException<RepositoryBranchLease>(Failure);
            }

            Interlocked.Increment(ref _taken);
            Interlocked.Increment(ref _held);
            return ValueTask.FromResult(new RepositoryBranchLease(waited, () =>
            {
                Interlocked.Decrement(ref _held);
                return ValueTask.CompletedTask;
            }));
        }
    }
}
