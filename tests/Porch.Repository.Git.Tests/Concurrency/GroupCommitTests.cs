using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Concurrency;

/// <summary>
/// Group commit (issue 26 item 4): closes that arrive while a push of the repository is in flight go out together in
/// one push; each keeps its own commit and leases, and a conflict fails only its own close.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GroupCommitTests : IAsyncLifetime
{
    private const int GroupPushedEvent = 3004;
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [BackendFact]
    public async Task SixteenClosesWaitingBehindAPush_GoOutInOnePush_AndEachLandsOnce()
    {
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var drafts = new List<IPackageRevisionDraft>();
        for (var i = 0; i < 16; i++)
        {
            var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"app{i:00}", "ws1"));
            await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"app{i:00}", ("cm.yaml", $"kind: ConfigMap\nindex: {i}\n")), GitTestContext.InitTask($"app{i:00}"));
            drafts.Add(draft);
        }

        var closes = await CloseTogetherAsync(repository, drafts.Select(d => (d, 0)).ToList());

        Assert.All(closes, c => Assert.Null(c.Exception));
        var remoteDrafts = TestGit.Refs(_remote).Where(r => r.StartsWith("refs/heads/drafts/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(16, remoteDrafts.Length);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal($"kind: ConfigMap\nindex: {i}\n", TestGit.Run(_remote, "show", $"refs/heads/drafts/app{i:00}/ws1:app{i:00}/cm.yaml"));
            Assert.Equal(closes[i].Revision!.ResourceVersion, TestGit.Run(_remote, "rev-parse", $"refs/heads/drafts/app{i:00}/ws1").Trim());
        }

        var grouped = Assert.Single(context.Logs.Entries, e => e.EventId.Id == GroupPushedEvent);
        Assert.Contains("Pushed 16 closes together", grouped.Text, StringComparison.Ordinal);
        Assert.Equal(
            Enumerable.Range(0, 16).Select(i => $"app{i:00} ws1 0 Draft").ToArray(),
            GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        await AssertAgreesWithFreshAdapterAsync(repository);
    }

    [BackendFact]
    public async Task ClosesInOneGroup_CacheFolderNameHasAColon_EachCloseObjectsAreReadFromItsOwnQuarantine()
    {
        // The group push reads every close's quarantine as an alternate object folder; git splits that list at ':'.
        var cache = Directory.CreateTempSubdirectory("porch-git-cache-").FullName + Path.DirectorySeparatorChar + "with:colon";
        await using var context = new GitTestContext(configure: o => o.CacheDirectory = cache);
        try
        {
            var repository = await context.OpenAsync(_remote, createBranch: true);
            var drafts = new List<(IPackageRevisionDraft, int)>();
            for (var i = 0; i < 3; i++)
            {
                var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"app{i}", "ws1"));
                await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"app{i}", ("cm.yaml", $"index: {i}\n")), GitTestContext.InitTask($"app{i}"));
                drafts.Add((draft, 0));
            }

            var closes = await CloseTogetherAsync(repository, drafts);

            Assert.All(closes, c => Assert.Null(c.Exception));
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal($"index: {i}\n", TestGit.Run(_remote, "show", $"refs/heads/drafts/app{i}/ws1:app{i}/cm.yaml"));
            }
        }
        finally
        {
            TestGit.TryDelete(Path.GetDirectoryName(cache)!);
        }
    }

    [BackendFact]
    public async Task ApprovalsInOneGroup_ChainOnTheBranch_EachTaggedWithItsOwnContent()
    {
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var drafts = new List<(IPackageRevisionDraft, int)>();
        for (var i = 0; i < 6; i++)
        {
            var created = await GitTestContext.CreateDraftAsync(repository, $"pkg{i}", "ws1", ("data.yaml", $"value: {i}\n"));
            var proposed = await GitTestContext.MoveAsync(repository, created, PackageRevisionLifecycle.Proposed);
            var draft = await repository.UpdatePackageRevisionAsync(proposed);
            await draft.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
            drafts.Add((draft, 1));
        }

        var closes = await CloseTogetherAsync(repository, drafts);

        Assert.All(closes, c => Assert.Null(c.Exception));
        var log = TestGit.Run(_remote, "log", "--first-parent", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, log.Length); // six approvals chained on the initial commit
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal($"value: {i}\n", TestGit.Run(_remote, "show", $"refs/tags/pkg{i}/v1:pkg{i}/data.yaml"));
            Assert.Equal($"value: {i}\n", TestGit.Run(_remote, "show", $"main:pkg{i}/data.yaml"));
            Assert.Equal(closes[i].Revision!.ResourceVersion, TestGit.Run(_remote, "rev-parse", $"refs/tags/pkg{i}/v1^{{commit}}").Trim());
        }

        Assert.DoesNotContain(TestGit.Refs(_remote), r => r.StartsWith("refs/heads/proposed/", StringComparison.Ordinal));
        Assert.Contains(context.Logs.Entries, e => e.EventId.Id == GroupPushedEvent && e.Text.Contains("Pushed 6 closes together", StringComparison.Ordinal));
        await AssertAgreesWithFreshAdapterAsync(repository);
    }

    /// <summary>
    /// With libgit2 and a remote on a local path, a group goes out in one in-process push whatever its closes are
    /// (creates, proposals that create one branch and delete another, approvals): no git process is run, so a git
    /// executable that does not exist changes nothing; every lease is still checked before anything is written.
    /// </summary>
    [Fact]
    public async Task LibGit2_LocalRemote_GroupWithProposalsAndApprovals_PushedInProcess_WithoutTheGitExecutable()
    {
        await using var context = new GitTestContext(configure: o =>
        {
            o.Backend = GitBackendKind.LibGit2Sharp;
            o.GitExecutable = Path.Combine(Path.GetTempPath(), "no-such-git-" + Guid.NewGuid().ToString("N"));
        });
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var toPropose = await GitTestContext.CreateDraftAsync(repository, "proposed", "ws1");
        var toApprove = await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "approved", "ws1"), PackageRevisionLifecycle.Proposed);
        var propose = await repository.UpdatePackageRevisionAsync(toPropose);
        await propose.UpdateLifecycleAsync(PackageRevisionLifecycle.Proposed);
        var approve = await repository.UpdatePackageRevisionAsync(toApprove);
        await approve.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        var group = new List<(IPackageRevisionDraft, int)> { (propose, 0), (approve, 1) };
        for (var i = 0; i < 3; i++)
        {
            var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"new{i}", "ws1"));
            await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"new{i}"), GitTestContext.InitTask($"new{i}"));
            group.Add((draft, 0));
        }

        var closes = await CloseTogetherAsync(repository, group);

        Assert.All(closes, c => Assert.Null(c.Exception));
        Assert.Contains("Pushed 5 closes together", Assert.Single(context.Logs.Entries, e => e.EventId.Id == GroupPushedEvent).Text, StringComparison.Ordinal);
        var refs = TestGit.Refs(_remote).Select(r => r.Split(' ')[0]).ToArray();
        Assert.Contains("refs/heads/proposed/proposed/ws1", refs);
        Assert.DoesNotContain("refs/heads/drafts/proposed/ws1", refs);
        Assert.Contains("refs/tags/approved/v1", refs);
        Assert.DoesNotContain("refs/heads/proposed/approved/ws1", refs);
        Assert.Equal(
            ["approved main -1 Published", "approved ws1 1 Published", "new0 ws1 0 Draft", "new1 ws1 0 Draft", "new2 ws1 0 Draft", "proposed ws1 0 Proposed"],
            GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        await AssertAgreesWithFreshAdapterAsync(repository);
    }

    [BackendFact]
    public async Task TwoDraftsOfOneRevisionInOneGroup_TheSecondConflicts_TheOthersLand()
    {
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var shared = await GitTestContext.CreateDraftAsync(repository, "shared", "ws1");
        var first = await repository.UpdatePackageRevisionAsync(shared);
        await first.UpdateResourcesAsync(GitTestContext.PackageFiles("shared", ("a.yaml", "from: first\n")), null);
        var second = await repository.UpdatePackageRevisionAsync(shared);
        await second.UpdateResourcesAsync(GitTestContext.PackageFiles("shared", ("a.yaml", "from: second\n")), null);
        var others = new List<(IPackageRevisionDraft, int)>();
        for (var i = 0; i < 3; i++)
        {
            var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"other{i}", "ws1"));
            await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"other{i}"), GitTestContext.InitTask($"other{i}"));
            others.Add((draft, 0));
        }

        var closes = await CloseTogetherAsync(repository, [(first, 0), (second, 0), .. others]);

        Assert.Null(closes[0].Exception);
        var conflict = Assert.IsType<PackageRevisionConflictException>(closes[1].Exception);
        Assert.StartsWith("failed to push to remote: drafts/shared/ws1 changed on the remote since it was read: ", conflict.Message, StringComparison.Ordinal);
        Assert.All(closes.Skip(2), c => Assert.Null(c.Exception));
        Assert.Equal("from: first\n", TestGit.Run(_remote, "show", "refs/heads/drafts/shared/ws1:shared/a.yaml"));
        Assert.Equal(
            ["other0 ws1 0 Draft", "other1 ws1 0 Draft", "other2 ws1 0 Draft", "shared ws1 0 Draft"],
            GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        await AssertAgreesWithFreshAdapterAsync(repository);
    }

    [BackendFact]
    public async Task ALeaseStaleOnTheRemote_FailsOnlyItsClose_TheGroupIsPushedAgainWithoutIt()
    {
        await using var context = new GitTestContext();
        await using var otherContext = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var moved = await GitTestContext.CreateDraftAsync(repository, "moved", "ws1");
        var stale = await repository.UpdatePackageRevisionAsync(moved);
        await stale.UpdateResourcesAsync(GitTestContext.PackageFiles("moved", ("a.yaml", "from: us\n")), null);

        // Another server moves the draft branch after this one read it.
        var other = await otherContext.OpenAsync(_remote);
        await GitTestContext.MoveAsync(other, Assert.Single(await other.ListPackageRevisionsAsync(PackageRevisionFilter.All)), PackageRevisionLifecycle.Proposed);

        var fresh = new List<(IPackageRevisionDraft, int)> { (stale, 0) };
        for (var i = 0; i < 3; i++)
        {
            var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"new{i}", "ws1"));
            await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"new{i}"), GitTestContext.InitTask($"new{i}"));
            fresh.Add((draft, 0));
        }

        var closes = await CloseTogetherAsync(repository, fresh);

        Assert.IsType<PackageRevisionConflictException>(closes[0].Exception);
        Assert.All(closes.Skip(1), c => Assert.Null(c.Exception));
        var refs = TestGit.Refs(_remote);
        Assert.Contains(refs, r => r.StartsWith("refs/heads/proposed/moved/ws1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("refs/heads/drafts/moved/", StringComparison.Ordinal));
        Assert.Equal(3, refs.Count(r => r.StartsWith("refs/heads/drafts/new", StringComparison.Ordinal)));
    }

    [BackendFact]
    public async Task ACloseCancelledWhileWaiting_IsNotPushed_TheOthersAre()
    {
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var drafts = new List<IPackageRevisionDraft>();
        for (var i = 0; i < 3; i++)
        {
            var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"c{i}", "ws1"));
            await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"c{i}"), GitTestContext.InitTask($"c{i}"));
            drafts.Add(draft);
        }

        var git = (GitPackageRepository)repository;
        using var cancel = new CancellationTokenSource();
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        git.CloseQueued += n =>
        {
            if (n == 3)
            {
                queued.TrySetResult();
            }
        };

        await git.Mirror.WriteLock.WaitAsync();
        Task<IPackageRevision>[] tasks;
        try
        {
            tasks =
            [
                repository.ClosePackageRevisionDraftAsync(drafts[0], 0),
                repository.ClosePackageRevisionDraftAsync(drafts[1], 0, cancel.Token),
                repository.ClosePackageRevisionDraftAsync(drafts[2], 0),
            ];
            await queued.Task;
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tasks[1]);
        }
        finally
        {
            git.Mirror.WriteLock.Release();
        }

        await tasks[0];
        await tasks[2];
        var refs = TestGit.Refs(_remote);
        Assert.Contains(refs, r => r.StartsWith("refs/heads/drafts/c0/ws1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("refs/heads/drafts/c1/", StringComparison.Ordinal));
        Assert.Contains(refs, r => r.StartsWith("refs/heads/drafts/c2/ws1 ", StringComparison.Ordinal));
    }

    [BackendFact]
    public async Task WithBatchSizeOne_EveryCloseIsPushedOnItsOwn()
    {
        await using var context = new GitTestContext(configure: o => o.MaxPushBatchSize = 1);
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var drafts = new List<(IPackageRevisionDraft, int)>();
        for (var i = 0; i < 4; i++)
        {
            var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision($"solo{i}", "ws1"));
            await draft.UpdateResourcesAsync(GitTestContext.PackageFiles($"solo{i}"), GitTestContext.InitTask($"solo{i}"));
            drafts.Add((draft, 0));
        }

        var closes = await Task.WhenAll(drafts.Select(d => CloseAsync(repository, d.Item1, d.Item2)));

        Assert.All(closes, c => Assert.Null(c.Exception));
        Assert.DoesNotContain(context.Logs.Entries, e => e.EventId.Id == GroupPushedEvent);
        Assert.Equal(4, TestGit.Refs(_remote).Count(r => r.StartsWith("refs/heads/drafts/solo", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Holds the mirror's write lock (as a push in flight does), starts every close, waits until all of them are queued,
    /// then lets them go: they form one group.
    /// </summary>
    private static async Task<(IPackageRevision? Revision, Exception? Exception)[]> CloseTogetherAsync(IRepository repository, List<(IPackageRevisionDraft Draft, int Revision)> drafts)
    {
        var git = (GitPackageRepository)repository;
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnQueued(int waiting)
        {
            if (waiting == drafts.Count)
            {
                queued.TrySetResult();
            }
        }

        git.CloseQueued += OnQueued;
        await git.Mirror.WriteLock.WaitAsync();
        Task<(IPackageRevision? Revision, Exception? Exception)>[] closes;
        try
        {
            closes = drafts.Select(d => CloseAsync(repository, d.Draft, d.Revision)).ToArray();
            await queued.Task;
        }
        finally
        {
            git.Mirror.WriteLock.Release();
            git.CloseQueued -= OnQueued;
        }

        return await Task.WhenAll(closes);
    }

    private static async Task<(IPackageRevision? Revision, Exception? Exception)> CloseAsync(IRepository repository, IPackageRevisionDraft draft, int revision)
    {
        try
        {
            return (await repository.ClosePackageRevisionDraftAsync(draft, revision), null);
        }
        catch (Exception ex) when (ex is PackageRevisionConflictException or RepositoryUnavailableException or PackageValidationException)
        {
            return (null, ex);
        }
    }

    /// <summary>A second adapter that opens the remote afresh lists what this one lists.</summary>
    private async Task AssertAgreesWithFreshAdapterAsync(IRepository repository)
    {
        await using var fresh = new GitTestContext();
        var reopened = await fresh.OpenAsync(_remote);
        Assert.Equal(
            GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)),
            GitTestContext.Describe(await reopened.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
    }
}
