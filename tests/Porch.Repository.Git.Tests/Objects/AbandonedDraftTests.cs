using Porch.Engine.Api;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Objects;

/// <summary>A draft's quarantine folder lives exactly as long as the draft: closing or disposing it deletes the folder.</summary>
[Trait("Category", "Integration")]
public sealed class AbandonedDraftTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();
    private readonly GitTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        TestGit.TryDelete(_remote);
    }

    /// <summary>Every file under the mirrors' quarantine roots (the roots themselves may stay).</summary>
    private string[] QuarantinedFiles() =>
        _context.MirrorDirectories()
            .Select(mirror => Path.Combine(mirror, "porch-quarantine"))
            .Where(Directory.Exists)
            .SelectMany(root => Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            .ToArray();

    [BackendFact]
    public async Task DisposedNewDraft_DeletesItsQuarantine()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision("abandoned", "v1"));
        await draft.UpdateResourcesAsync(GitTestContext.PackageFiles("abandoned"), GitTestContext.InitTask("abandoned"));
        Assert.NotEmpty(QuarantinedFiles());

        await draft.DisposeAsync();

        Assert.Empty(QuarantinedFiles());
        Assert.DoesNotContain(TestGit.Refs(_remote), r => r.Contains("abandoned", StringComparison.Ordinal));
    }

    [BackendFact]
    public async Task DisposedChangeOfARevision_DeletesItsQuarantine_AndKeepsTheRevision()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var revision = await GitTestContext.CreateDraftAsync(repository, "kept", "v1");
        var refs = TestGit.Refs(_remote);
        var draft = await repository.UpdatePackageRevisionAsync(revision);
        await draft.UpdateResourcesAsync(GitTestContext.PackageFiles("kept", ("extra.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n")), new TaskSpec { Type = TaskType.Render });
        Assert.NotEmpty(QuarantinedFiles());

        await draft.DisposeAsync();
        await draft.DisposeAsync();

        Assert.Empty(QuarantinedFiles());
        Assert.Equal(refs, TestGit.Refs(_remote));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => repository.ClosePackageRevisionDraftAsync(draft, 0));
    }

    [BackendFact]
    public async Task ClosedDraft_LeavesNoQuarantine_AndDisposeAfterCloseIsHarmless()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision("closed", "v1"));
        await draft.UpdateResourcesAsync(GitTestContext.PackageFiles("closed"), GitTestContext.InitTask("closed"));

        await repository.ClosePackageRevisionDraftAsync(draft, 0);
        Assert.Empty(QuarantinedFiles());
        await draft.DisposeAsync();

        Assert.Contains(TestGit.Refs(_remote), r => r.StartsWith("refs/heads/drafts/closed/v1 ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The push repository libgit2 pushes from keeps no remote-tracking refs: with a fetch refspec on its remote,
    /// libgit2 would write one per ref of the remote after every push (a cost growing with the repository).
    /// </summary>
    [Fact]
    public async Task ClosedDrafts_PushRepositoryHasNoFetchRefspecAndNoTrackingRefs()
    {
        await using var context = new GitTestContext(configure: o => o.Backend = GitBackendKind.LibGit2Sharp);
        var repository = await context.OpenAsync(_remote, createBranch: true);
        await GitTestContext.CreateDraftAsync(repository, "one", "v1");
        await GitTestContext.CreateDraftAsync(repository, "two", "v1");

        var push = Assert.Single(context.MirrorDirectories().Select(m => Path.Combine(m, "porch-push")), Directory.Exists);
        Assert.Contains(TestGit.Lines(push, "config", "--list"), l => l.StartsWith("remote.origin.url=", StringComparison.Ordinal));
        Assert.DoesNotContain(TestGit.Lines(push, "config", "--list"), l => l.StartsWith("remote.origin.fetch=", StringComparison.Ordinal));
        Assert.Empty(TestGit.Lines(push, "for-each-ref", "refs/remotes/"));
    }
}
