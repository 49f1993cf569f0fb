using Porch.Cache.Internal;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Cache.Tests.Concurrency;

/// <summary>
/// Closes of different revisions of one repository reach the repository together (so the Git adapter can push them in
/// one group), while a sync of that repository never runs alongside a close.
/// </summary>
public sealed class ConcurrentCloseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Close_DraftsOfTwoPackages_ReachTheRepositoryTogether()
    {
        var holding = new HoldingAdapter(new InMemoryRepositoryAdapter());
        await using var porch = TestEngine.Create(flaky: holding);
        var cached = (CachedRepository)await porch.Cache.OpenRepositoryAsync(TestEngine.Describe("blueprints", "memory://b"));
        var a = await NewDraftAsync(cached, "a");
        var b = await NewDraftAsync(cached, "b");

        holding.HoldCloses();
        var closeA = cached.ClosePackageRevisionDraftAsync(a, 0);
        var closeB = cached.ClosePackageRevisionDraftAsync(b, 0);
        await holding.ClosesInside(2).WaitAsync(Patience); // never completes if the cache lets one close in at a time
        holding.Release();
        await Task.WhenAll(closeA, closeB).WaitAsync(Patience);

        var listed = await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Assert.Equal(["blueprints.a.ws1", "blueprints.b.ws1"], listed.Select(r => r.Key.ObjectName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sync_StartedWhileACloseIsInside_ReadsTheRepositoryAfterTheCloseLeaves()
    {
        var holding = new HoldingAdapter(new InMemoryRepositoryAdapter());
        await using var porch = TestEngine.Create(flaky: holding);
        var (cached, close) = await CloseHeldInsideAsync(porch, holding);
        var sync = cached.SyncAsync(CancellationToken.None);
        holding.Release();
        await Task.WhenAll(close, sync).WaitAsync(Patience);

        var events = holding.Events;
        Assert.True(events.IndexOf("close-left") < events.IndexOf("version"), "the sync read the repository while a close was inside: " + string.Join(", ", events));
        Assert.Equal("blueprints.a.ws1", Assert.Single(await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Key.ObjectName);
    }

    [Fact]
    public async Task Sync_CallersArrivingWhileASyncWaitsForTheGate_ShareIt_ACancelledCallerLeavesItToTheOthers()
    {
        var holding = new HoldingAdapter(new InMemoryRepositoryAdapter());
        await using var porch = TestEngine.Create(flaky: holding);
        var (cached, close) = await CloseHeldInsideAsync(porch, holding);
        using var impatient = new CancellationTokenSource();
        var first = cached.SyncAsync(impatient.Token);
        var second = cached.SyncAsync(CancellationToken.None);
        var third = cached.SyncAsync(CancellationToken.None);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Patience));
        holding.Release();
        await Task.WhenAll(close, second, third).WaitAsync(Patience);

        Assert.Single(holding.Events, e => e == "version"); // one sync read the repository for all three callers
        Assert.Equal("blueprints.a.ws1", Assert.Single(await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Key.ObjectName);

        // A caller arriving after that sync read the repository gets a sync of its own.
        await cached.SyncAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(2, holding.Events.Count(e => e == "version"));
    }

    [Fact]
    public async Task Create_RevisionTheRepositoryHasButTheCacheDoesNot_ConflictsAndSyncsItIn()
    {
        var adapter = new InMemoryRepositoryAdapter();
        await using var porch = TestEngine.Create(adapter: adapter);
        var repository = TestEngine.Describe("blueprints", "memory://b");
        var cached = (CachedRepository)await porch.Cache.OpenRepositoryAsync(repository);
        await MemoryRepositories.WriteBehindAsync(adapter, repository, "app"); // pushed by a replica that died before recording it
        Assert.Empty(await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All));

        var draft = await NewDraftAsync(cached, "app");
        await Assert.ThrowsAsync<Engine.Errors.PackageRevisionConflictException>(() => cached.ClosePackageRevisionDraftAsync(draft, 0));

        Assert.Equal("blueprints.app.ws1", Assert.Single(await cached.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Key.ObjectName);
    }

    /// <summary>Opens the repository and starts closing a draft of package "a", which waits inside the repository.</summary>
    private static async Task<(CachedRepository Cached, Task<IPackageRevision> Close)> CloseHeldInsideAsync(TestEngine porch, HoldingAdapter holding)
    {
        var cached = (CachedRepository)await porch.Cache.OpenRepositoryAsync(TestEngine.Describe("blueprints", "memory://b"));
        var a = await NewDraftAsync(cached, "a");
        holding.HoldCloses();
        var close = cached.ClosePackageRevisionDraftAsync(a, 0);
        await holding.ClosesInside(1).WaitAsync(Patience);
        return (cached, close);
    }

    private static async Task<IPackageRevisionDraft> NewDraftAsync(CachedRepository cached, string package)
    {
        var draft = await cached.CreatePackageRevisionDraftAsync(new PackageRevision
        {
            Spec = new PackageRevisionSpec { PackageName = package, WorkspaceName = "ws1", Repository = "blueprints", Lifecycle = PackageRevisionLifecycle.Draft },
        });
        await draft.UpdateResourcesAsync(
            new Dictionary<string, string> { ["Kptfile"] = GitRemote.Kptfile(package) },
            new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = package } });
        return draft;
    }

    /// <summary>Opens in-memory repositories whose closes, once <see cref="HoldCloses"/> is called, wait inside until <see cref="Release"/>.</summary>
    private sealed class HoldingAdapter(InMemoryRepositoryAdapter inner) : IRepositoryAdapter
    {
        private readonly Lock _lock = new();
        private readonly List<string> _events = [];
        private readonly List<(int Count, TaskCompletionSource Reached)> _inside = [];
        private TaskCompletionSource? _release;
        private int _closesInside;

        public RepositoryType Type => RepositoryType.Git;

        public List<string> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public void HoldCloses()
        {
            lock (_lock)
            {
                _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _events.Clear();
            }
        }

        public void Release()
        {
            lock (_lock)
            {
                _release?.TrySetResult();
            }
        }

        /// <summary>Completes when <paramref name="count"/> closes are waiting inside at once.</summary>
        public Task ClosesInside(int count)
        {
            lock (_lock)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _inside.Add((count, reached));
                Signal();
                return reached.Task;
            }
        }

        public async Task<IRepository> OpenRepositoryAsync(Engine.Api.Repository repository, CancellationToken cancellationToken = default) =>
            new HoldingRepository(this, await inner.OpenRepositoryAsync(repository, cancellationToken));

        private void Record(string name)
        {
            lock (_lock)
            {
                if (_release is not null)
                {
                    _events.Add(name);
                }
            }
        }

        private Task EnterCloseAsync()
        {
            lock (_lock)
            {
                if (_release is null)
                {
                    return Task.CompletedTask;
                }

                _events.Add("close-entered");
                _closesInside++;
                Signal();
                return _release.Task;
            }
        }

        private void LeaveClose()
        {
            lock (_lock)
            {
                if (_release is not null)
                {
                    _events.Add("close-left");
                    _closesInside--;
                }
            }
        }

        private void Signal()
        {
            foreach (var (count, reached) in _inside.Where(w => _closesInside >= w.Count))
            {
                reached.TrySetResult();
            }
        }

        private sealed class HoldingRepository(HoldingAdapter owner, IRepository inner) : IRepository
        {
            public RepositoryKey Key => inner.Key;

            public Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default) =>
                inner.ListPackageRevisionsAsync(filter, cancellationToken);

            public Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default) =>
                inner.CreatePackageRevisionDraftAsync(packageRevision, cancellationToken);

            public Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default) =>
                inner.UpdatePackageRevisionAsync(packageRevision, cancellationToken);

            public async Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default)
            {
                await owner.EnterCloseAsync().WaitAsync(cancellationToken);
                try
                {
                    return await inner.ClosePackageRevisionDraftAsync(draft, revision, cancellationToken);
                }
                finally
                {
                    owner.LeaveClose();
                }
            }

            public Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default) =>
                inner.DeletePackageRevisionAsync(packageRevision, cancellationToken);

            public Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default) =>
                inner.ListPackagesAsync(filter, cancellationToken);

            public Task<string> VersionAsync(CancellationToken cancellationToken = default)
            {
                owner.Record("version");
                return inner.VersionAsync(cancellationToken);
            }

            public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default) => inner.BranchCommitHashAsync(cancellationToken);

            public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
