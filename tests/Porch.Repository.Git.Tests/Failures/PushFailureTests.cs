using Microsoft.Extensions.Logging;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;
using Porch.Tests.Shared;

namespace Porch.Repository.Git.Tests.Failures;

/// <summary>Rejected pushes and lost races: clean failures, no residue, and agreement after a refresh.</summary>
[Trait("Category", "Integration")]
public sealed class PushFailureTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [BackendFact]
    public async Task Close_PreReceiveHookRejects_FailsCleanlyWithoutResidue()
    {
        // libgit2 pushes to a local path without receive-pack, so no hook runs there (as go-git's file transport):
        // the in-process backend meets the hook through git daemon, which runs receive-pack.
        using var daemon = GitBackendUnderTest.Current == GitBackendKind.LibGit2Sharp ? await GitDaemon.StartAsync(Path.GetDirectoryName(_remote)!) : null;
        var url = daemon is null ? _remote : daemon.UrlOf(Path.GetFileName(_remote));
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(url, createBranch: true);
        var existing = await GitTestContext.CreateDraftAsync(repository, "kept", "ws1");
        var hook = Path.Combine(_remote, "hooks", "pre-receive");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\necho 'policy: pushes are frozen' >&2\nexit 1\n");
        TestGit.Run(_remote, "config", "core.hooksPath", Path.Combine(_remote, "hooks"));
        Conformance.Run("chmod", _remote, "+x", hook);

        var mirror = Assert.Single(context.MirrorDirectories());
        var remoteBefore = TestGit.Refs(_remote);
        var mirrorBefore = TestGit.Refs(mirror);
        var objectsBefore = TestGit.Run(mirror, "count-objects").Trim();

        var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision("rejected", "ws1"));
        await draft.UpdateResourcesAsync(GitTestContext.PackageFiles("rejected", ("a.yaml", "kind: A\n")), GitTestContext.InitTask("rejected"));
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => repository.ClosePackageRevisionDraftAsync(draft, 0));
        Assert.StartsWith("failed to push to remote: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pre-receive hook declined", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PorchErrorCode.Forbidden, ex.ErrorCode);

        // approving an existing draft fails the same way, at once (no retries for a rejection)
        var approve = await repository.UpdatePackageRevisionAsync(existing);
        await approve.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        await Assert.ThrowsAsync<PackageValidationException>(() => repository.ClosePackageRevisionDraftAsync(approve, 1));
        Assert.DoesNotContain(context.Logs.Entries, e => e.EventId.Id == 3001);

        Assert.Equal(remoteBefore, TestGit.Refs(_remote));
        Assert.Equal(mirrorBefore, TestGit.Refs(mirror));
        Assert.Equal(objectsBefore, TestGit.Run(mirror, "count-objects").Trim());
        var quarantine = Path.Combine(mirror, "porch-quarantine");
        Assert.True(!Directory.Exists(quarantine) || !Directory.EnumerateFileSystemEntries(quarantine).Any());
        Assert.Equal(["kept ws1 0 Draft"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
    }

    /// <summary>
    /// issue 21 item 2: a per-ref refusal (receive-pack's <c>update</c> hook, run once per ref) of only the tag. Through
    /// the CLI's <c>push --atomic</c> no ref lands. The in-process backend pushes branch, tag and proposal deletion in that
    /// order (libgit2 has no atomic push; it meets hooks through git daemon): the branch lands, the tag is refused, the
    /// proposal stays listed, and approving again once the hook is gone converges on the one approval commit.
    /// </summary>
    [BackendFact]
    public async Task Approve_UpdateHookRefusesOnlyTheTag_LeavesAValidStateAndConverges()
    {
        var inProcess = GitBackendUnderTest.Current == GitBackendKind.LibGit2Sharp;
        using var daemon = inProcess ? await GitDaemon.StartAsync(Path.GetDirectoryName(_remote)!) : null;
        var url = daemon is null ? _remote : daemon.UrlOf(Path.GetFileName(_remote));
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(url, createBranch: true);
        var proposed = await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "app", "ws1"), PackageRevisionLifecycle.Proposed);
        var hook = Path.Combine(_remote, "hooks", "update");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\ncase \"$1\" in refs/tags/*) echo 'no tags today' >&2; exit 1;; esac\nexit 0\n");
        TestGit.Run(_remote, "config", "core.hooksPath", Path.Combine(_remote, "hooks"));
        Conformance.Run("chmod", _remote, "+x", hook);
        var remoteBefore = TestGit.Refs(_remote);
        var mainBefore = TestGit.Run(_remote, "rev-parse", "refs/heads/main").Trim();
        var proposedTip = TestGit.Run(_remote, "rev-parse", "refs/heads/proposed/app/ws1").Trim();

        var approve = await repository.UpdatePackageRevisionAsync(proposed);
        await approve.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => repository.ClosePackageRevisionDraftAsync(approve, 1));

        Assert.Contains("hook declined", ex.Message, StringComparison.Ordinal);
        Assert.Contains(TestGit.Refs(_remote), r => r.StartsWith("refs/heads/proposed/app/ws1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(TestGit.Refs(_remote), r => r.StartsWith("refs/tags/", StringComparison.Ordinal));
        if (!inProcess)
        {
            Assert.Equal(remoteBefore, TestGit.Refs(_remote));
            Assert.Equal(["app ws1 0 Proposed"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
            return;
        }

        await repository.RefreshAsync();
        var listed = await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(["app main -1 Published", "app ws1 0 Proposed"], GitTestContext.Describe(listed));
        File.Delete(hook);
        await GitTestContext.MoveAsync(repository, Assert.Single(listed, r => r.Lifecycle == PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 1);
        var main = TestGit.Run(_remote, "rev-parse", "refs/heads/main").Trim();
        Assert.Equal(main, TestGit.Run(_remote, "rev-parse", "refs/tags/app/v1^{commit}").Trim());
        Assert.Equal([mainBefore, proposedTip], TestGit.Lines(_remote, "rev-list", "--parents", "-n", "1", main)[0].Split(' ')[1..]);
        Assert.Equal(["app main -1 Published", "app ws1 1 Published"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
    }

    /// <summary>
    /// The lease of a single-ref push (Porch's <c>RequireRemoteRefs</c>): a draft branch another adapter moved since this
    /// one read it is never overwritten; libgit2 checks it at push negotiation, git with <c>--force-with-lease</c>.
    /// </summary>
    [BackendFact]
    public async Task CloseDraft_BranchMovedByOtherAdapter_ConflictsAndKeepsTheOtherChange()
    {
        await using var first = new GitTestContext();
        await using var second = new GitTestContext();
        var a = await first.OpenAsync(_remote, createBranch: true);
        var created = await GitTestContext.CreateDraftAsync(a, "app", "ws1");
        var b = await second.OpenAsync(_remote);
        var createdB = Assert.Single(await b.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" }));

        var draftA = await a.UpdatePackageRevisionAsync(created);
        await draftA.UpdateResourcesAsync(GitTestContext.PackageFiles("app", ("a.yaml", "from: a\n")), null);
        var winner = await a.ClosePackageRevisionDraftAsync(draftA, 0);
        var draftB = await b.UpdatePackageRevisionAsync(createdB);
        await draftB.UpdateResourcesAsync(GitTestContext.PackageFiles("app", ("b.yaml", "from: b\n")), null);
        var ex = await Assert.ThrowsAsync<PackageRevisionConflictException>(() => b.ClosePackageRevisionDraftAsync(draftB, 0));

        Assert.StartsWith("failed to push to remote: drafts/app/ws1 changed on the remote since it was read: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(winner.ResourceVersion, TestGit.Run(_remote, "rev-parse", "refs/heads/drafts/app/ws1").Trim());
    }

    [BackendFact]
    public async Task Approve_TwoAdaptersRace_OneWinsOtherConflictsBothAgreeAfterRefresh()
    {
        await using var first = new GitTestContext();
        await using var second = new GitTestContext();
        var a = await first.OpenAsync(_remote, createBranch: true);
        var proposed = await GitTestContext.MoveAsync(a, await GitTestContext.CreateDraftAsync(a, "app", "ws1"), PackageRevisionLifecycle.Proposed);
        var b = await second.OpenAsync(_remote);
        var proposedB = Assert.Single(await b.ListPackageRevisionsAsync(new PackageRevisionFilter { WorkspaceName = "ws1" }));
        Assert.Equal(PackageRevisionLifecycle.Proposed, proposedB.Lifecycle);

        var draftA = await a.UpdatePackageRevisionAsync(proposed);
        var draftB = await b.UpdatePackageRevisionAsync(proposedB);
        await draftA.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        await draftB.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
        var results = await Task.WhenAll(Outcome(a.ClosePackageRevisionDraftAsync(draftA, 1)), Outcome(b.ClosePackageRevisionDraftAsync(draftB, 1)));

        Assert.Single(results, r => r.Revision is not null);
        var loser = Assert.Single(results, r => r.Error is not null).Error!;
        var conflict = Assert.IsType<PackageRevisionConflictException>(loser);
        Assert.StartsWith("failed to push to remote: ", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("changed on the remote since it was read", conflict.Message, StringComparison.Ordinal);

        await a.RefreshAsync();
        await b.RefreshAsync();
        var listA = GitTestContext.Describe(await a.ListPackageRevisionsAsync(PackageRevisionFilter.All));
        var listB = GitTestContext.Describe(await b.ListPackageRevisionsAsync(PackageRevisionFilter.All));
        Assert.Equal(["app main -1 Published", "app ws1 1 Published"], listA);
        Assert.Equal(listA, listB);
        Assert.Equal(["refs/heads/main", "refs/tags/app/v1"], TestGit.Refs(_remote).Select(r => r.Split(' ')[0]));
    }

    [BackendFact]
    public async Task Approve_RegisteredBranchMovedByOtherPackage_RebuildsOnNewTip()
    {
        await using var first = new GitTestContext();
        await using var second = new GitTestContext();
        var a = await first.OpenAsync(_remote, createBranch: true);
        var one = await GitTestContext.MoveAsync(a, await GitTestContext.CreateDraftAsync(a, "one", "ws1"), PackageRevisionLifecycle.Proposed);
        var two = await GitTestContext.MoveAsync(a, await GitTestContext.CreateDraftAsync(a, "two", "ws1"), PackageRevisionLifecycle.Proposed);
        var b = await second.OpenAsync(_remote);
        var twoB = Assert.Single(await b.ListPackageRevisionsAsync(new PackageRevisionFilter { PackageName = "two" }));

        await GitTestContext.MoveAsync(a, one, PackageRevisionLifecycle.Published, 1);
        var published = await GitTestContext.MoveAsync(b, twoB, PackageRevisionLifecycle.Published, 1);

        Assert.Contains(second.Logs.Entries, e => e.EventId.Id == 3002);
        var main = TestGit.Run(_remote, "rev-parse", "main").Trim();
        Assert.Equal(main, published.ResourceVersion);
        Assert.Equal(["one/Kptfile", "two/Kptfile"], TestGit.Lines(_remote, "ls-tree", "-r", "--name-only", "main").Where(p => p.EndsWith("Kptfile", StringComparison.Ordinal)));
        Assert.NotNull(two);
    }

    [BackendFact]
    public async Task Listing_MalformedBranchAndInvalidAnnotation_SkippedWithWarnings()
    {
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        var good = await GitTestContext.CreateDraftAsync(repository, "good", "ws1");

        // drafts/x (no workspace) and a commit whose kpt: line is not JSON, both written by plain git
        var work = Directory.CreateTempSubdirectory("porch-git-work-").FullName;
        try
        {
            TestGit.Run(work, "clone", "--quiet", _remote, ".");
            Directory.CreateDirectory(Path.Combine(work, "odd"));
            await File.WriteAllTextAsync(Path.Combine(work, "odd", "Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: odd\n");
            TestGit.Run(work, "add", "-A");
            TestGit.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "odd\n\nkpt:{not json\nkpt:{\"package\":\"odd\",\"workspaceName\":\"ws9\",\"revision\":\"0\",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"d\"}}}");
            TestGit.Run(work, "push", "--quiet", "origin", "HEAD:refs/heads/drafts/x", "HEAD:refs/heads/drafts/odd/ws9");
        }
        finally
        {
            TestGit.TryDelete(work);
        }

        await repository.RefreshAsync();
        var listed = await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(["good ws1 0 Draft", "odd ws9 0 Draft"], GitTestContext.Describe(listed));
        Assert.Equal("d", Assert.Single(Assert.Single(listed, r => r.Key.WorkspaceName == "ws9").Tasks).Init!.Description);
        Assert.Contains(context.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 3010 && e.Text.Contains("refs/heads/drafts/x", StringComparison.Ordinal));
        Assert.Contains(context.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 3012);
        Assert.NotNull(good);
    }

    private static async Task<(IPackageRevision? Revision, Exception? Error)> Outcome(Task<IPackageRevision> task)
    {
        try
        {
            return (await task, null);
        }
        catch (PorchException ex)
        {
            return (null, ex);
        }
    }
}
