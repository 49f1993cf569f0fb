using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Concurrency;

/// <summary>
/// The in-process backend's push repository stays open between pushes (libgit2's object cache keeps what hiding the
/// remote's refs read), each push serving only its own quarantine's objects, and is closed after the push that holds it
/// when the backend is disposed meanwhile, never under it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SharedPushRepositoryTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SuccessivePushes_ShareOneOpenRepository_EachSendsItsOwnObjects()
    {
        await using var context = new GitTestContext(configure: o => o.Backend = GitBackendKind.LibGit2Sharp);
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var backend = GitTestContext.LibGit2BackendOf(repository);

        for (var i = 0; i < 3; i++)
        {
            await GitTestContext.CreateDraftAsync(repository, "app" + i, "ws1", ("cm.yaml", "data: " + i + "\n"));
            Assert.True(backend.HoldsPushRepository, "the push repository stays open after a push");
        }

        // Every draft's commit, tree and blobs reached the remote (its objects came from three quarantines).
        TestGit.Run(_remote, "fsck", "--strict", "--no-dangling");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("data: " + i + "\n", TestGit.Run(_remote, "show", $"refs/heads/drafts/app{i}/ws1:app{i}/cm.yaml"));
        }
    }

    [Fact]
    public async Task Dispose_WhileAPushHoldsTheRepository_ClosesItAfterThePush()
    {
        await using var context = new GitTestContext(configure: o => o.Backend = GitBackendKind.LibGit2Sharp);
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var backend = GitTestContext.LibGit2BackendOf(repository);
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var disposed = new ManualResetEventSlim();
        backend.AfterPushStep = _ =>
        {
            // The push's worker holds the repository here until the test has disposed the backend from its own thread.
            inside.TrySetResult();
            Assert.True(disposed.Wait(TimeSpan.FromMinutes(2)), "the test never disposed the backend");
        };

        var close = GitTestContext.CreateDraftAsync(repository, "app", "ws1");
        await inside.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await backend.DisposeAsync();
        var heldDuringDispose = backend.HoldsPushRepository;
        disposed.Set();
        var error = await Record.ExceptionAsync(() => close);

        Assert.True(error is null or ObjectDisposedException, "the close may only fail because the backend is gone: " + error);
        Assert.True(heldDuringDispose, "disposal does not close the repository a push is using");
        Assert.False(backend.HoldsPushRepository, "the push that held it closed it");
        Assert.NotEmpty(TestGit.Run(_remote, "rev-parse", "refs/heads/drafts/app/ws1").Trim());
    }
}
