using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Testing;
using Porch.Krm;

namespace Porch.Cache.Tests.Storage;

/// <summary>
/// What every storage of the cache does alike, run once per storage by a sealed subclass in that storage's test project:
/// <see cref="MemoryCacheStorageTests"/> here, <c>SqliteCacheStorageTests</c> in Porch.Cache.Sqlite.Tests (which links
/// this file). Changes made to a real Git repository with the git CLI, behind Porch's back, are seen at the next sync;
/// label selectors match stored and latest labels.
/// </summary>
[Trait("Category", "Integration")]
public abstract class CacheStorageTests : IDisposable
{
    private readonly GitRemote _remote = new();

    /// <summary>Gets a value indicating whether the storage is a database (closing a repository drops its rows without announcing deletions).</summary>
    protected abstract bool IsDatabase { get; }

    /// <summary>Chooses the storage on the cache builder (nothing for memory).</summary>
    protected abstract void UseStorage(IPorchCacheBuilder cache);

    /// <summary>ISecretStore on every storage: create once, update guarded by resource version, kept by a second engine on the same storage (a database).</summary>
    [Fact]
    public async Task SecretStore_CreateUpdateDelete_GuardedByResourceVersion_KeptAcrossEnginesOnADatabase()
    {
        var document = "{\"type\":\"kubernetes.io/basic-auth\",\"data\":{\"username\":\"dQ==\",\"password\":\"cA==\"}}";
        await using (var porch = TestEngine.Create(storage: UseStorage))
        {
            var store = (ISecretStore)porch.Services.GetService(typeof(ISecretStore))!;
            Assert.True(await store.CreateAsync(new StoredSecret("team", "git-auth", "1", document)));
            Assert.False(await store.CreateAsync(new StoredSecret("team", "git-auth", "1", "{}")));
            Assert.False(await store.UpdateAsync(new StoredSecret("team", "git-auth", "3", document), "2"));
            Assert.True(await store.UpdateAsync(new StoredSecret("team", "git-auth", "2", document), "1"));
            Assert.True(await store.CreateAsync(new StoredSecret("other", "a", "1", document)));
            Assert.Equal(["git-auth"], (await store.ListAsync("team")).Select(s => s.Name));
            Assert.Equal(["other/a", "team/git-auth"], (await store.ListAsync(null)).Select(s => s.Namespace + "/" + s.Name));
            var credentials = await new SecretStoreCredentialResolver(store).ResolveCredentialsAsync("team", new SecretRef { Name = "git-auth" });
            Assert.Equal(("u", "p"), (credentials.Username, credentials.Password));
        }

        await using var second = TestEngine.Create(storage: UseStorage);
        var again = (ISecretStore)second.Services.GetService(typeof(ISecretStore))!;
        var kept = await again.GetAsync("team", "git-auth");
        Assert.Equal(IsDatabase ? "2" : null, kept?.ResourceVersion);
        if (IsDatabase)
        {
            Assert.True(await again.DeleteAsync("team", "git-auth"));
            Assert.Null(await again.GetAsync("team", "git-auth"));
            Assert.False(await again.DeleteAsync("team", "git-auth"));
        }
    }

    [Fact]
    public async Task SyncOnceAsync_ChangesPushedWithGitCli_AddedDeletedModifiedOnceEach()
    {
        _remote.PublishPackage("pkg-a", 1);
        await using var porch = TestEngine.Create(storage: UseStorage);
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

    [Fact]
    public async Task CreateThroughEngine_ThenSync_OnlyTheEngineNotifies()
    {
        await using var porch = TestEngine.Create(storage: UseStorage);
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

    [Fact]
    public async Task UpdateAsync_DraftBranchMovedBehindOurBackBeforeSync_ConflictAndNothingPushed()
    {
        _remote.PushDraft("pkg-d", "ws1", "\n  keywords:\n  - one");
        await using var porch = TestEngine.Create(storage: UseStorage);
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

    [Fact]
    public async Task CloseRepositoryAsync_MemoryAnnouncesDeletions_DatabaseDropsRowsQuietly()
    {
        _remote.PublishPackage("pkg-a", 1);
        await using var porch = TestEngine.Create(storage: UseStorage);
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", _remote.Bare));
        porch.Notifier.Clear();
        await porch.Cache.CloseRepositoryAsync(repository);
        Assert.Null(porch.Cache.FindSyncHandler("default", "blueprints"));
        Assert.Equal(
            IsDatabase ? [] : ["Deleted blueprints.pkg-a.main", "Deleted blueprints.pkg-a.v1"],
            porch.Notifier.Lines.Order(StringComparer.Ordinal).ToArray());

        // Reopened: everything is read again and announced (the database kept nothing of the closed repository).
        porch.Notifier.Clear();
        await porch.Cache.OpenRepositoryAsync(repository);
        Assert.Equal(["blueprints.pkg-a.main", "blueprints.pkg-a.v1"], await porch.NamesAsync("blueprints"));
        Assert.Equal(["Added blueprints.pkg-a.main", "Added blueprints.pkg-a.v1"], porch.Notifier.Lines.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task CloseRepositoryAsync_RemovesStoredMetadata_ReopenedRevisionHasNoStaleLabels()
    {
        // Porch's repository close deletes the repository's PackageRev objects (spec 6.2): metadata only the store
        // held does not come back when the same repository is registered again.
        _remote.PublishPackage("pkg-m", 1);
        await using var porch = TestEngine.Create(storage: UseStorage);
        var repository = await porch.AddAsync(TestEngine.Describe("blueprints", _remote.Bare));
        var published = await porch.Engine.GetPackageRevisionAsync("default", "blueprints.pkg-m.v1");
        published.Metadata.Labels["stale"] = "yes";
        Assert.Equal("yes", (await porch.Engine.UpdatePackageRevisionAsync(published)).Metadata.Labels["stale"]);

        await porch.Cache.CloseRepositoryAsync(repository);
        await porch.Cache.OpenRepositoryAsync(repository);
        var reopened = await porch.Engine.GetPackageRevisionAsync("default", "blueprints.pkg-m.v1");
        Assert.False(reopened.Metadata.Labels.ContainsKey("stale"));
    }

    [Fact]
    public async Task ListPackageRevisionsAsync_LabelSelector_MatchesStoredAndLatestLabels()
    {
        var adapter = new InMemoryRepositoryAdapter();
        await using var porch = TestEngine.Create(adapter: adapter, storage: UseStorage);
        var repository = TestEngine.Describe("blueprints", "memory://b");
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app", "v1", PackageRevisionLifecycle.Published, 1);
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app", "v2", PackageRevisionLifecycle.Published, 2);
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app", "ws3");
        await porch.AddAsync(repository);
        var metadata = porch.Services.GetService(typeof(IPackageRevisionMetadataStore)) as IPackageRevisionMetadataStore;
        await metadata!.SetAsync("default", "blueprints.app.ws3", new ObjectMeta { Labels = { ["team"] = "a" } });
        var cached = await porch.Cache.OpenRepositoryAsync(repository);

        async Task<string[]> Names(string selector) =>
            [.. (await cached.ListPackageRevisionsAsync(new PackageRevisionFilter { Labels = LabelSelector.Parse(selector) })).Select(r => r.Key.ObjectName).Order(StringComparer.Ordinal)];

        Assert.Equal(["blueprints.app.v2"], await Names("kpt.dev/latest-revision=true"));
        Assert.Equal(["blueprints.app.ws3"], await Names("team=a"));
        Assert.Equal(["blueprints.app.ws3"], await Names("team"));
        Assert.Equal(["blueprints.app.main", "blueprints.app.v1", "blueprints.app.v2"], await Names("!team"));
        await metadata.SetAsync("default", "blueprints.app.ws3", new ObjectMeta());
        Assert.Empty(await Names("team=a"));
        await metadata.SetAsync("default", "blueprints.app.v1", new ObjectMeta { Labels = { ["team"] = "a" } });
        Assert.Equal(["blueprints.app.v1"], await Names("team=a"));
        await metadata.DeleteAsync("default", "blueprints.app.v1");
        Assert.Empty(await Names("team"));
        Assert.Equal(4, (await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Count); // v1, v2, ws3 and the placeholder
        Assert.Equal(["blueprints.app.v1"], [.. (await cached.ListPackageRevisionsAsync(new PackageRevisionFilter { PackageName = "app", Revision = 1 })).Select(r => r.Key.ObjectName)]);
    }

    public void Dispose()
    {
        _remote.Dispose();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what the storage left on disk.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
