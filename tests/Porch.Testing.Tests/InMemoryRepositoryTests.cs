using Microsoft.Extensions.Time.Testing;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Testing.Tests;

public sealed class InMemoryRepositoryTests
{
    private static readonly RepositoryKey Key = new("default", "repo", "", "main");
    private static readonly Dictionary<string, string> Files = new() { ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n" };

    private static PackageRevision Request(string package, string workspace) => new()
    {
        Spec = new PackageRevisionSpec { PackageName = package, WorkspaceName = workspace, Lifecycle = PackageRevisionLifecycle.Draft },
    };

    [Fact]
    public async Task Draft_InvisibleUntilClosed()
    {
        var repo = new InMemoryRepository(Key);
        var draft = await repo.CreatePackageRevisionDraftAsync(Request("pkg", "v1"));
        await draft.UpdateResourcesAsync(Files, new TaskSpec { Type = TaskType.Init, Init = new() });
        Assert.Empty(await repo.ListPackageRevisionsAsync(PackageRevisionFilter.All));
        var version = await repo.VersionAsync();

        var closed = await repo.ClosePackageRevisionDraftAsync(draft, 0);

        Assert.Equal("repo.pkg.v1", Assert.Single(await repo.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Key.ObjectName);
        Assert.NotEqual(version, await repo.VersionAsync());
        Assert.Equal("drafts/pkg/v1", closed.Lock.Git!.Ref);
        Assert.Equal(TaskType.Init, Assert.Single(closed.Tasks).Type);
    }

    [Fact]
    public async Task Close_ConcurrentChange_Conflicts()
    {
        var repo = new InMemoryRepository(Key);
        var draft = await repo.CreatePackageRevisionDraftAsync(Request("pkg", "v1"));
        await draft.UpdateResourcesAsync(Files, null);
        var revision = await repo.ClosePackageRevisionDraftAsync(draft, 0);
        var first = await repo.UpdatePackageRevisionAsync(revision);
        var second = await repo.UpdatePackageRevisionAsync(revision);
        await first.UpdateResourcesAsync(Files, null);
        await second.UpdateResourcesAsync(Files, null);

        await repo.ClosePackageRevisionDraftAsync(first, 0);
        await Assert.ThrowsAsync<PackageRevisionConflictException>(() => repo.ClosePackageRevisionDraftAsync(second, 0));
    }

    [Fact]
    public async Task Publish_AssignsRevisionAndPlaceholder()
    {
        var time = new FakeTimeProvider();
        var repo = new InMemoryRepository(Key, new InMemoryRepositoryOptions { TimeProvider = time, UserInfoProvider = new TestUserInfoProvider { User = new UserInfo("alice", "alice@example.com") } });
        var draft = await repo.CreatePackageRevisionDraftAsync(Request("a/pkg", "v1"));
        await draft.UpdateResourcesAsync(Files, null);
        await draft.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);

        var published = await repo.ClosePackageRevisionDraftAsync(draft, 3);

        Assert.Equal(3, published.Key.Revision);
        Assert.Equal("a/pkg/v3", published.Lock.Git!.Ref);
        Assert.Equal(new PublishInfo("alice@example.com", time.GetUtcNow()), published.PublishInfo);
        var all = await repo.ListPackageRevisionsAsync(new PackageRevisionFilter { PackageName = "a/pkg" });
        Assert.Equal(["repo.a.pkg.main -1", "repo.a.pkg.v1 3"], all.Select(r => $"{r.Key.ObjectName} {r.Key.Revision}").Order(StringComparer.Ordinal));
        Assert.Equal(published.ResourceVersion, await repo.BranchCommitHashAsync());
    }

    [Fact]
    public async Task UpdateResources_WithoutKptfile_Fails()
    {
        var repo = new InMemoryRepository(Key);
        var draft = await repo.CreatePackageRevisionDraftAsync(Request("pkg", "v1"));
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => draft.UpdateResourcesAsync(new Dictionary<string, string> { ["a.yaml"] = "" }, null));
        Assert.Equal("package must contain Kptfile at root", ex.Message);
    }

    [Fact]
    public async Task FaultPlan_FailsChosenCallOnly()
    {
        var plan = new FaultPlan().FailOn(RepositoryOperation.ListPackageRevisions, occurrence: 2);
        var repo = new FaultInjectingRepository(new InMemoryRepository(Key), plan);
        await repo.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repo.ListPackageRevisionsAsync(PackageRevisionFilter.All));
        Assert.Equal("injected fault in ListPackageRevisions", ex.Message);
        await repo.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(3, plan.Calls(RepositoryOperation.ListPackageRevisions));
    }
}
