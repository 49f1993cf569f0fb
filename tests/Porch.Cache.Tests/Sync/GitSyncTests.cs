using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Watch;

namespace Porch.Cache.Tests.Sync;

/// <summary>Changes made to a real Git repository with the git CLI, behind Porch's back, seen at the next sync.</summary>
[Trait("Category", "Integration")]
public sealed class GitSyncTests : IDisposable
{
    private readonly GitRemote _remote = new();
    private readonly string _database = Path.Combine(Path.GetTempPath(), "porch-cache-" + Guid.NewGuid().ToString("N"), "cache.db");

    public static TheoryData<string> Storages => new() { "memory", "sqlite" };

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task SyncOnceAsync_ChangesPushedWithGitCli_AddedDeletedModifiedOnceEach(string storage)
    {
        _remote.PublishPackage("pkg-a", 1);
        await using var porch = TestEngine.Create(o =>
        {
            if (storage == "sqlite")
            {
                o.UseSqlite(_database);
            }
        });
        await porch.AddAsync(TestEngine.Describe("blueprints", _remote.Bare));
        Assert.Equal(["blueprints.pkg-a.main", "blueprints.pkg-a.v1"], await porch.NamesAsync("blueprints"));
        var sync = porch.Sync("blueprints");
        porch.Notifier.Clear();

        // A new package pushed and tagged: Added for its v1 and its placeholder; main moved, so pkg-a's placeholder is Modified.
        _remote.PublishPackage("pkg-b", 1);
        await sync.SyncOnceAsync();
        Assert.Equal(
            ["Added blueprints.pkg-b.main", "Added blueprints.pkg-b.v1", "Modified blueprints.pkg-a.main"],
            porch.Notifier.Lines.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("blueprints.pkg-b.v1", await porch.NamesAsync("blueprints"));

        // A deleted tag: Deleted.
        porch.Notifier.Clear();
        _remote.DeleteTag("pkg-a/v1");
        await sync.SyncOnceAsync();
        Assert.Equal(["Deleted blueprints.pkg-a.v1"], porch.Notifier.Lines);
        Assert.DoesNotContain("blueprints.pkg-a.v1", await porch.NamesAsync("blueprints"));

        // A draft branch pushed, then moved: Added, then Modified with the new commit as resource version.
        porch.Notifier.Clear();
        _remote.PushDraft("pkg-c", "ws1", "\n  keywords:\n  - one");
        await sync.SyncOnceAsync();
        _remote.PushDraft("pkg-c", "ws1", "\n  keywords:\n  - two");
        await sync.SyncOnceAsync();
        Assert.Equal(["Added blueprints.pkg-c.ws1", "Modified blueprints.pkg-c.ws1"], porch.Notifier.Lines);
        var head = GitRemote.Git(_remote.Bare, "rev-parse", "refs/heads/drafts/pkg-c/ws1").Trim();
        var modified = porch.Notifier.Events[1].Object;
        Assert.Equal(head, modified.Metadata.ResourceVersion);
        Assert.Equal(PackageRevisionLifecycle.Draft, modified.Spec.Lifecycle);
        var resources = await porch.Engine.GetPackageRevisionResourcesAsync("default", "blueprints.pkg-c.ws1");
        Assert.Contains("- two", resources.Spec.Resources["Kptfile"], StringComparison.Ordinal);

        // Nothing changed: nothing is sent.
        porch.Notifier.Clear();
        await sync.SyncOnceAsync();
        Assert.Empty(porch.Notifier.Lines);
        Assert.Null(sync.LastSyncError);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task CreateThroughEngine_ThenSync_OnlyTheEngineNotifies(string storage)
    {
        await using var porch = TestEngine.Create(o =>
        {
            if (storage == "sqlite")
            {
                o.UseSqlite(_database);
            }
        });
        await porch.AddAsync(TestEngine.Describe("blueprints", _remote.Bare));
        var created = await porch.Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { PackageName = "fresh", WorkspaceName = "ws1", Repository = "blueprints" },
        });
        await porch.Sync("blueprints").SyncOnceAsync();
        Assert.Equal(["Added blueprints.fresh.ws1"], porch.Notifier.Lines);
        Assert.Equal(PackageRevisionChangeType.Added, porch.Notifier.Events[0].Type);
        Assert.Equal(created.Metadata.ResourceVersion, GitRemote.Git(_remote.Bare, "rev-parse", "refs/heads/drafts/fresh/ws1").Trim());
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task UpdateAsync_DraftBranchMovedBehindOurBackBeforeSync_ConflictAndNothingPushed(string storage)
    {
        _remote.PushDraft("pkg-d", "ws1", "\n  keywords:\n  - one");
        await using var porch = TestEngine.Create(o =>
        {
            if (storage == "sqlite")
            {
                o.UseSqlite(_database);
            }
        });
        await porch.AddAsync(TestEngine.Describe("blueprints", _remote.Bare));
        var cached = await porch.Engine.GetPackageRevisionAsync("default", "blueprints.pkg-d.ws1");
        _remote.PushDraft("pkg-d", "ws1", "\n  keywords:\n  - two");
        var moved = GitRemote.Git(_remote.Bare, "rev-parse", "refs/heads/drafts/pkg-d/ws1").Trim();

        cached.Metadata.Annotations["edited"] = "yes";
        // The cache still has the old commit, so the claim passes; the Git adapter's leased push refuses the stale write.
        var ex = await Assert.ThrowsAsync<PackageRevisionConflictException>(() => porch.Engine.UpdatePackageRevisionAsync(cached));
        Assert.Equal(PorchErrorCode.Conflict, ex.ErrorCode);
        Assert.Equal(moved, GitRemote.Git(_remote.Bare, "rev-parse", "refs/heads/drafts/pkg-d/ws1").Trim());

        // After a sync the cache has the moved branch, and an update from it goes through.
        await porch.Sync("blueprints").SyncOnceAsync();
        var current = await porch.Engine.GetPackageRevisionAsync("default", "blueprints.pkg-d.ws1");
        Assert.Equal(moved, current.Metadata.ResourceVersion);
        current.Metadata.Annotations["edited"] = "yes";
        var updated = await porch.Engine.UpdatePackageRevisionAsync(current);
        Assert.Equal(GitRemote.Git(_remote.Bare, "rev-parse", "refs/heads/drafts/pkg-d/ws1").Trim(), updated.Metadata.ResourceVersion);
        Assert.Equal("yes", updated.Metadata.Annotations["edited"]);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task CloseRepositoryAsync_MemoryAnnouncesDeletions_DatabaseDropsRowsQuietly(string storage)
    {
        _remote.PublishPackage("pkg-a", 1);
        await using var porch = TestEngine.Create(o =>
        {
            if (storage == "sqlite")
            {
                o.UseSqlite(_database);
            }
        });
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", _remote.Bare));
        porch.Notifier.Clear();
        await porch.Cache.CloseRepositoryAsync(repository);
        Assert.Null(porch.Cache.FindSyncHandler("default", "blueprints"));
        Assert.Equal(
            storage == "memory" ? ["Deleted blueprints.pkg-a.main", "Deleted blueprints.pkg-a.v1"] : [],
            porch.Notifier.Lines.Order(StringComparer.Ordinal).ToArray());

        // Reopened: everything is read again and announced (the database kept nothing of the closed repository).
        porch.Notifier.Clear();
        await porch.Cache.OpenRepositoryAsync(repository);
        Assert.Equal(["blueprints.pkg-a.main", "blueprints.pkg-a.v1"], await porch.NamesAsync("blueprints"));
        Assert.Equal(["Added blueprints.pkg-a.main", "Added blueprints.pkg-a.v1"], porch.Notifier.Lines.Order(StringComparer.Ordinal).ToArray());
    }

    public void Dispose()
    {
        _remote.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(_database)!, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The memory case writes no database.
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
