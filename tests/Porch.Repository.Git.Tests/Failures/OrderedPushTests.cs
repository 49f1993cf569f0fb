using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Failures;

/// <summary>
/// issue 21 item 2, the in-process backend: an approval is pushed one ref at a time (branch, tag, proposal deletion) and a
/// deletion marker first, then the tag. Stopped after any step, listing shows a state Porch reads as valid, and a retry
/// converges to the full change with exactly one approval commit.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OrderedPushTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(1, new[] { "app main -1 Published", "app ws1 0 Proposed" })]
    [InlineData(2, new[] { "app main -1 Published", "app ws1 1 Published" })]
    public async Task Approve_StoppedAfterStep_ListsAValidStateAndARetryConverges(int step, string[] expected)
    {
        await using var context = LibGit2Context();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var proposed = await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "app", "ws1"), PackageRevisionLifecycle.Proposed);
        var mainBefore = RemoteRef("refs/heads/main");
        var proposedTip = RemoteRef("refs/heads/proposed/app/ws1");
        var backend = GitTestContext.LibGit2BackendOf(repository);
        backend.AfterPushStep = pushed =>
        {
            if (pushed == step)
            {
                throw new GitCommandException("push", 128, "injected: the process stopped here");
            }
        };

        var approve = await repository.UpdatePackageRevisionAsync(proposed);
        await approve.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repository.ClosePackageRevisionDraftAsync(approve, 1));
        Assert.Contains("injected", ex.Message, StringComparison.Ordinal);
        backend.AfterPushStep = null;

        // What another Porch instance reads from the remote now, and what this one reads after a refresh.
        await using (var other = LibGit2Context())
        {
            Assert.Equal(expected, GitTestContext.Describe(await (await other.OpenAsync(_remote)).ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        }

        await repository.RefreshAsync();
        var listed = await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(expected, GitTestContext.Describe(listed));

        if (listed.SingleOrDefault(r => r.Lifecycle == PackageRevisionLifecycle.Proposed) is { } stillProposed)
        {
            // The user approves again: the approval commit already on the branch is reused, not made twice.
            var published = await GitTestContext.MoveAsync(repository, stillProposed, PackageRevisionLifecycle.Published, 1);
            Assert.Equal(PackageRevisionLifecycle.Published, published.Lifecycle);
        }

        AssertApprovedOnce(mainBefore, proposedTip, proposedGone: step == 1);
        Assert.Equal(["app main -1 Published", "app ws1 1 Published"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Approve_TransientFailureAfterStep_RetryResumesWithinTheClose(int step)
    {
        await using var context = LibGit2Context();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var proposed = await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "app", "ws1"), PackageRevisionLifecycle.Proposed);
        var mainBefore = RemoteRef("refs/heads/main");
        var proposedTip = RemoteRef("refs/heads/proposed/app/ws1");
        var backend = GitTestContext.LibGit2BackendOf(repository);
        var failures = 0;
        backend.AfterPushStep = pushed =>
        {
            if (pushed == step && failures == 0)
            {
                failures++;
                throw new GitCommandException("push", 128, "fatal: the remote end hung up unexpectedly");
            }
        };

        var approve = await repository.UpdatePackageRevisionAsync(proposed);
        await approve.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        var published = await repository.ClosePackageRevisionDraftAsync(approve, 1);

        Assert.Equal(1, failures);
        Assert.Equal(PackageRevisionLifecycle.Published, published.Lifecycle);
        Assert.Equal(RemoteRef("refs/heads/main"), published.ResourceVersion);
        AssertApprovedOnce(mainBefore, proposedTip, proposedGone: true);
        Assert.Equal(["app main -1 Published", "app ws1 1 Published"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
    }

    [Fact]
    public async Task DeletePublished_StoppedAfterTheMarker_StillListsPublishedAndDeletesOnRetry()
    {
        await using var context = LibGit2Context();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var proposed = await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "app", "ws1"), PackageRevisionLifecycle.Proposed);
        var published = await GitTestContext.MoveAsync(repository, proposed, PackageRevisionLifecycle.Published, 1);
        await published.UpdateLifecycleAsync(PackageRevisionLifecycle.DeletionProposed);
        var marked = Assert.Single(await repository.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" }));
        Assert.Equal(PackageRevisionLifecycle.DeletionProposed, marked.Lifecycle);
        var backend = GitTestContext.LibGit2BackendOf(repository);
        backend.AfterPushStep = pushed =>
        {
            if (pushed == 1)
            {
                throw new GitCommandException("push", 128, "injected: the process stopped here");
            }
        };

        await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repository.DeletePackageRevisionAsync(marked));
        backend.AfterPushStep = null;

        // The marker went first: the revision is still there, Published, and no marker outlives it.
        Assert.DoesNotContain(TestGit.Refs(_remote), r => r.StartsWith("refs/heads/deletionProposed/", StringComparison.Ordinal));
        await repository.RefreshAsync();
        var listed = await repository.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" });
        Assert.Equal(["app ws1 1 Published"], GitTestContext.Describe(listed));

        await repository.DeletePackageRevisionAsync(Assert.Single(listed));
        Assert.DoesNotContain(TestGit.Refs(_remote), r => r.StartsWith("refs/tags/app/v1 ", StringComparison.Ordinal));
        Assert.Empty(await repository.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" }));
    }

    private static GitTestContext LibGit2Context() => new(configure: o => o.Backend = GitBackendKind.LibGit2Sharp);


    private string RemoteRef(string name) => TestGit.Run(_remote, "rev-parse", name).Trim();

    /// <summary>The branch gained exactly one commit, the approval (parents: the old tip and the proposal); the tag names it.</summary>
    private void AssertApprovedOnce(string mainBefore, string proposedTip, bool proposedGone)
    {
        var main = RemoteRef("refs/heads/main");
        Assert.Equal(main, RemoteRef("refs/tags/app/v1^{commit}"));
        Assert.Equal([mainBefore, proposedTip], TestGit.Lines(_remote, "rev-list", "--parents", "-n", "1", main)[0].Split(' ')[1..]);
        Assert.Equal(proposedGone, !TestGit.Refs(_remote).Any(r => r.StartsWith("refs/heads/proposed/app/ws1 ", StringComparison.Ordinal)));
    }
}
