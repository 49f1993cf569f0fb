using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Krm;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Lifecycle;

/// <summary>The whole life of a package through <see cref="IRepository"/>, checked afterwards with the git CLI.</summary>
[Trait("Category", "Integration")]
public sealed class PackageLifecycleTests : IAsyncLifetime
{
    private const string Package = "network/vpc";
    private const string Full = "catalog/network/vpc";
    private readonly string _remote = TestGit.InitBare();
    private readonly GitTestContext _context = new(user: new FixedUser(new UserInfo("jane@example.com")));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        TestGit.TryDelete(_remote);
    }

    [BackendFact]
    public async Task FullLifecycle_InitToDelete_WritesPorchLayout()
    {
        var repository = await _context.OpenAsync(_remote, "catalog", createBranch: true);
        var m0 = TestGit.Run(_remote, "rev-parse", "refs/heads/main").Trim();
        Assert.Equal("Initial commit: Creating main branch", TestGit.Run(_remote, "log", "-1", "--format=%B", m0).Trim());
        Assert.Equal("Created by porch", TestGit.Run(_remote, "show", m0 + ":README.md"));

        // create (init) -> Draft
        var ws1 = await GitTestContext.CreateDraftAsync(repository, Package, "ws1");
        Assert.Equal(PackageRevisionLifecycle.Draft, ws1.Lifecycle);
        Assert.Equal(ws1.ResourceVersion, TestGit.Run(_remote, "rev-parse", "refs/heads/drafts/" + Full + "/ws1").Trim());
        var d1 = TestGit.Run(_remote, "cat-file", "commit", ws1.ResourceVersion);
        Assert.Contains("parent " + m0 + "\n", d1, StringComparison.Ordinal);
        Assert.Contains("author jane@example.com <jane@example.com> ", d1, StringComparison.Ordinal);
        Assert.Contains("committer Package Orchestration Service <porch@kpt.dev> ", d1, StringComparison.Ordinal);
        Assert.EndsWith(
            "\n\nCreating new empty revision\n\n\nkpt:{\"package\":\"catalog/network/vpc\",\"workspaceName\":\"ws1\",\"revision\":\"0\",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"network/vpc description\"}}}\n",
            d1,
            StringComparison.Ordinal);

        // resource commit (3 files, one nested) on the draft
        var draft = await repository.UpdatePackageRevisionAsync(ws1);
        Assert.Contains("Kptfile", draft.Resources.Keys);
        var files = GitTestContext.PackageFiles("vpc", ("vpc.yaml", "kind: ConfigMap\n"), ("sub/Kptfile", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: sub\n"), ("sub/cm.yaml", "kind: ConfigMap\n"));
        await draft.UpdateResourcesAsync(files, new TaskSpec { Type = TaskType.Render });
        ws1 = await repository.ClosePackageRevisionDraftAsync(draft, 0);
        Assert.Equal(["Kptfile", "sub/Kptfile", "sub/cm.yaml", "vpc.yaml"], (await ws1.GetResourcesAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("Rendering package\n", TestGit.Run(_remote, "log", "-1", "--format=%B", ws1.ResourceVersion), StringComparison.Ordinal);
        var init = Assert.Single(ws1.Tasks);
        Assert.Equal(TaskType.Init, init.Type);

        // propose: proposed/ = draft tip, drafts/ deleted
        var proposed = await GitTestContext.MoveAsync(repository, ws1, PackageRevisionLifecycle.Proposed);
        Assert.Equal(PackageRevisionLifecycle.Proposed, proposed.Lifecycle);
        Assert.Equal(ws1.ResourceVersion, proposed.ResourceVersion);
        Assert.DoesNotContain(TestGit.Refs(_remote), r => r.Contains("drafts/", StringComparison.Ordinal));

        // approve v1: two-parent commit on main, lightweight tag, proposed/ deleted
        var v1 = await GitTestContext.MoveAsync(repository, proposed, PackageRevisionLifecycle.Published, 1);
        Assert.Equal(1, v1.Key.Revision);
        Assert.Equal("ws1", v1.Key.WorkspaceName);
        Assert.Equal("jane@example.com", v1.PublishInfo.PublishedBy);
        var m1 = TestGit.Run(_remote, "rev-parse", "refs/heads/main").Trim();
        Assert.Equal(m1, v1.ResourceVersion);
        Assert.Equal("commit", TestGit.Run(_remote, "cat-file", "-t", "refs/tags/" + Full + "/v1").Trim());
        Assert.Equal(m1, TestGit.Run(_remote, "rev-parse", "refs/tags/" + Full + "/v1").Trim());
        Assert.Equal(m1 + " " + m0 + " " + proposed.ResourceVersion, TestGit.Run(_remote, "rev-list", "--parents", "-n", "1", m1).Trim());
        Assert.Equal(
            "Approving package revision catalog/network/vpc/1\n\nkpt:{\"package\":\"catalog/network/vpc\",\"workspaceName\":\"ws1\",\"revision\":\"1\"}",
            TestGit.Run(_remote, "log", "-1", "--format=%B", m1).Trim());
        Assert.Equal(
            TestGit.Run(_remote, "rev-parse", proposed.ResourceVersion + ":" + Full).Trim(),
            TestGit.Run(_remote, "rev-parse", m1 + ":" + Full).Trim());

        // copy as ws2 (edit), propose, approve v2
        var copy = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision(Package, "ws2"));
        await copy.UpdateResourcesAsync(await v1.GetResourcesAsync(), new TaskSpec { Type = TaskType.Edit, Edit = new PackageEditTaskSpec { SourceRef = new PackageRevisionRef { Name = "blueprints.network.vpc.ws1" } } });
        var ws2 = await repository.ClosePackageRevisionDraftAsync(copy, 0);
        Assert.Equal(m1, TestGit.Run(_remote, "rev-list", "--parents", "-n", "1", ws2.ResourceVersion).Trim().Split(' ')[1]);
        var v2 = await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, ws2, PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 2);
        var m2 = TestGit.Run(_remote, "rev-parse", "refs/heads/main").Trim();
        Assert.Equal(m2, v2.ResourceVersion);
        Assert.Equal(3, TestGit.Run(_remote, "rev-list", "--parents", "-n", "1", m2).Trim().Split(' ').Length);

        // listing: v1, v2, placeholder; v2 carries the edit task
        var listed = await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(["network/vpc main -1 Published", "network/vpc ws1 1 Published", "network/vpc ws2 2 Published"], GitTestContext.Describe(listed));
        Assert.Equal(TaskType.Edit, Assert.Single(Assert.Single(listed, r => r.Key.WorkspaceName == "ws2").Tasks).Type);
        Assert.Equal(TaskType.Init, Assert.Single(Assert.Single(listed, r => r.Key.WorkspaceName == "ws1").Tasks).Type);
        var package = Assert.Single(await repository.ListPackagesAsync(PackageFilter.All));
        Assert.Equal(2, package.LatestRevision);

        // propose-delete v2, then delete: tag and marker go, main stays
        var listedV2 = Assert.Single(listed, r => r.Key.Revision == 2);
        await listedV2.UpdateLifecycleAsync(PackageRevisionLifecycle.DeletionProposed);
        Assert.Equal(m2, TestGit.Run(_remote, "rev-parse", "refs/heads/deletionProposed/" + Full + "/v2").Trim());
        Assert.Contains("network/vpc ws2 2 DeletionProposed", GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        await repository.DeletePackageRevisionAsync(listedV2);
        Assert.Equal(
            ["refs/heads/main " + m2, "refs/tags/" + Full + "/v1 " + m1],
            TestGit.Refs(_remote));

        // placeholder: propose-delete then delete commits "Delete <full>" on main
        var placeholder = Assert.Single(await repository.ListPackageRevisionsAsync(new PackageRevisionFilter { Revision = -1 }));
        await placeholder.UpdateLifecycleAsync(PackageRevisionLifecycle.DeletionProposed);
        Assert.Contains(TestGit.Refs(_remote), r => r.StartsWith("refs/heads/deletionProposed/" + Full + "/main ", StringComparison.Ordinal));
        await repository.DeletePackageRevisionAsync(placeholder);
        var m3 = TestGit.Run(_remote, "rev-parse", "refs/heads/main").Trim();
        Assert.Equal("Delete " + Full, TestGit.Run(_remote, "log", "-1", "--format=%B", m3).Trim());
        Assert.Empty(TestGit.Lines(_remote, "ls-tree", "-r", "--name-only", m3, "catalog"));
        Assert.Equal(["refs/heads/main " + m3, "refs/tags/" + Full + "/v1 " + m1], TestGit.Refs(_remote));
        TestGit.Run(_remote, "fsck", "--strict", "--no-dangling");

        // every kpt: line on main's history parses and names the package
        foreach (var line in TestGit.Lines(_remote, "log", "--format=%B", "main").Where(l => l.StartsWith("kpt:", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(line[4..]);
            Assert.Equal(Full, json.RootElement.GetProperty("package").GetString());
        }

        // a fresh adapter reads the same names, revisions, workspaces and tasks
        await using var fresh = new GitTestContext();
        var reread = await fresh.OpenAsync(_remote, "catalog");
        var again = await reread.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(["network/vpc ws1 1 Published"], GitTestContext.Describe(again));
        Assert.Equal(TaskType.Init, Assert.Single(again[0].Tasks).Type);
        Assert.Equal(m1, again[0].ResourceVersion);
    }

    [BackendFact]
    public async Task Draft_NeverClosed_LeavesNoTrace()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var before = TestGit.Refs(_remote);
        var version = await repository.VersionAsync();
        var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision("abandoned", "ws1"));
        await draft.UpdateResourcesAsync(GitTestContext.PackageFiles("abandoned"), GitTestContext.InitTask("abandoned"));
        Assert.Equal(before, TestGit.Refs(_remote));
        Assert.Equal(version, await repository.VersionAsync());
        Assert.Empty(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All));
        var mirror = Assert.Single(_context.MirrorDirectories());
        Assert.DoesNotContain(TestGit.Lines(mirror, "rev-list", "--all", "--objects"), l => l.Contains("abandoned", StringComparison.Ordinal));
    }

    [BackendFact]
    public async Task UpdateResources_WithoutKptfileOrEscapingPath_Refuses()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision("pkg", "ws1"));
        var missing = await Assert.ThrowsAsync<PackageValidationException>(() =>
            draft.UpdateResourcesAsync(new Dictionary<string, string> { ["a.yaml"] = "x" }, null));
        Assert.Equal("package must contain Kptfile at root", missing.Message);
        var files = GitTestContext.PackageFiles("pkg", ("../escape.yaml", "x"));
        await Assert.ThrowsAsync<PackagePathException>(() => draft.UpdateResourcesAsync(files, null));
    }

    [BackendFact]
    public async Task VersionAsync_RemoteChangedByOthers_Changes()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var before = await repository.VersionAsync();
        Assert.Equal(before, await repository.VersionAsync());
        var main = TestGit.Run(_remote, "rev-parse", "main").Trim();
        TestGit.Run(_remote, "update-ref", "refs/heads/other", main);
        Assert.NotEqual(before, await repository.VersionAsync());
        Assert.Equal(main, await repository.BranchCommitHashAsync());
    }

    private sealed class FixedUser(UserInfo user) : IUserInfoProvider
    {
        public UserInfo? GetUserInfo() => user;
    }
}
