using Microsoft.Extensions.Logging;
using Porch.Cache.Diagnostics;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Porch.Cache.Internal;

/// <summary>
/// A repository served from the cache: lists come from the store, writes go through the underlying repository and
/// then into the store, and <see cref="SyncAsync"/> brings the store in line with the repository (spec sections 6.2,
/// 6.3 and 7.3), telling watchers what it found. Changes the engine makes itself are not announced here: the engine
/// notifies them.
/// </summary>
internal sealed partial class CachedRepository : IRepository, IMetadataWritingRepository
{
    private readonly IRepository _source;
    private readonly IPackageRevisionMetadataStore _metadata;
    private readonly IPackageRevisionChangeNotifier _notifier;
    private readonly ILogger _logger;
    private readonly SharedExclusiveGate _gate = new();
    private readonly Lock _syncLock = new();
    private readonly CancellationTokenSource _closing = new();
    private Task<SyncResult>? _waitingSync;
    private Task<SyncResult>? _lastSync;
    private IRevisionStore? _store;
    private Repository _object;
    private string? _sourceVersion;
    private bool _sourceFresh = true;

    public CachedRepository(Repository repositoryObject, IRepository source, IPackageRevisionMetadataStore metadata, IPackageRevisionChangeNotifier notifier, ILogger logger)
    {
        _object = repositoryObject;
        _source = source;
        _metadata = metadata;
        _notifier = notifier;
        _logger = logger;
    }

    public RepositoryKey Key => _source.Key;

    /// <summary>Gets or sets the Repository object (replaced when its spec changes without a reopen).</summary>
    public Repository RepositoryObject
    {
        get => Volatile.Read(ref _object);
        set => Volatile.Write(ref _object, value);
    }

    public IRevisionStore Store
    {
        get => _store ?? throw new InvalidOperationException("The cached repository has no store yet.");
        set => _store = value;
    }

    public IRepository Source => _source;

    public async Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return await Store.ListAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var revisions = await Store.ListAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false);
        return revisions
            .GroupBy(static r => r.Key.Package)
            .Where(g => filter.Matches(g.Key))
            .Select(static g => (IPackage)new CachedPackage(
                g.Key,
                g.Where(static r => r.IsPublished && r.Key.Revision > 0).Select(static r => r.Key.Revision).DefaultIfEmpty(0).Max()))
            .ToArray();
    }

    public Task<string> VersionAsync(CancellationToken cancellationToken = default) => _source.VersionAsync(cancellationToken);

    public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default) => _source.BranchCommitHashAsync(cancellationToken);

    /// <summary>Syncs the cache with the repository now (the engine calls this before numbering a publish).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => SyncAsync(cancellationToken);

    /// <summary>Does nothing: the cache owns the repository and closes it (callers never dispose it).</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Compares the cached revisions with the repository's, by name and content (resource version, lifecycle, revision
    /// number), applies the difference and announces Added, Modified and Deleted once each. Nothing happens when the
    /// repository's version is the one last synced.
    /// </summary>
    /// <remarks>
    /// Callers that arrive while a sync waits for the gate join it (it has not read the repository yet, so it covers
    /// them): with many approvals at once, each asking for a fresh cache before it numbers its revision, one sync serves
    /// them all instead of each running its own one after the other. A caller's cancellation ends its wait, not the
    /// sync others share; closing the repository cancels that.
    /// </remarks>
    public Task<SyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        Task<SyncResult> sync;
        lock (_syncLock)
        {
            if (_waitingSync is null)
            {
                _waitingSync = RunSyncAsync();
                _lastSync = _waitingSync;
            }

            sync = _waitingSync;
        }

        return sync.WaitAsync(cancellationToken);
    }

    private async Task<SyncResult> RunSyncAsync()
    {
        await Task.Yield(); // leave the caller's lock before this sync can stop taking joiners
        var cancellationToken = _closing.Token;
        var events = new List<(PackageRevisionChangeType Type, string Name, CachedRevision? Old, ObjectMeta? Meta)>();
        SyncResult result;
        using (await _gate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_syncLock)
            {
                _waitingSync = null; // from now on a caller needs a sync that reads the repository after it came
            }

            var version = await _source.VersionAsync(cancellationToken).ConfigureAwait(false);
            var synced = await Store.GetSyncedVersionAsync(cancellationToken).ConfigureAwait(false);
            if (string.Equals(synced, version, StringComparison.Ordinal))
            {
                _sourceFresh = false;
                return SyncResult.Unchanged;
            }

            // The rows are read before the repository: a row is written after its push, so whatever a row shows here the
            // repository read next shows too (or something newer), and a write that lands after this read is caught by
            // the version guard below. Read the other way round, a row another replica recorded in between looks like
            // this sync's to overwrite with the older repository state (a Published revision put back to Proposed).
            var cached = await Store.ListAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false);
            if (!_sourceFresh)
            {
                await _source.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            _sourceFresh = false;
            var external = await _source.ListPackageRevisionsAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false);
            var remaining = new Dictionary<string, CachedRevision>(cached.Count, StringComparer.Ordinal);
            foreach (var revision in cached)
            {
                remaining[revision.Name] = revision;
            }

            var upserts = new List<IPackageRevision>();
            int added = 0, modified = 0;
            foreach (var revision in external)
            {
                var name = revision.Key.ObjectName;
                if (!remaining.Remove(name, out var old))
                {
                    upserts.Add(revision);
                    events.Add((PackageRevisionChangeType.Added, name, null, null));
                    added++;
                }
                else if (old.DiffersFrom(revision))
                {
                    upserts.Add(revision);
                    events.Add((PackageRevisionChangeType.Modified, name, null, null));
                    modified++;
                }
            }

            var deletes = remaining.Values.ToList();
            foreach (var gone in deletes)
            {
                var meta = await _metadata.GetAsync(Key.Namespace, gone.Name, cancellationToken).ConfigureAwait(false);
                events.Add((PackageRevisionChangeType.Deleted, gone.Name, gone, meta));
            }

            var seen = cached.ToDictionary(static r => r.Name, static r => r.ResourceVersion, StringComparer.Ordinal);
            await Store.ApplyAsync(upserts, deletes, null, cancellationToken, seen).ConfigureAwait(false);
            await Store.SetSyncedVersionAsync(version, cancellationToken).ConfigureAwait(false);
            _sourceVersion = version;
            foreach (var gone in deletes)
            {
                await _metadata.DeleteAsync(Key.Namespace, gone.Name, CancellationToken.None).ConfigureAwait(false);
            }

            result = new SyncResult(true, added, modified, deletes.Count);
        }

        _logger.SyncCompleted(Key.Namespace, Key.Name, result.Added, result.Modified, result.Deleted);
        if (events.Count > 0)
        {
            await NotifyAsync(events, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Announces every cached revision as Deleted and removes its stored metadata (the memory cache's repository close,
    /// spec section 4.9: Porch deletes the repository's PackageRev objects), so a repository registered again later
    /// does not bring back the labels, annotations or finalizers of revisions it had before.
    /// </summary>
    public async Task NotifyAllDeletedAsync(CancellationToken cancellationToken)
    {
        var cached = await Store.ListAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false);
        var events = new List<(PackageRevisionChangeType, string, CachedRevision?, ObjectMeta?)>(cached.Count);
        foreach (var revision in cached)
        {
            var meta = await _metadata.GetAsync(Key.Namespace, revision.Name, cancellationToken).ConfigureAwait(false);
            events.Add((PackageRevisionChangeType.Deleted, revision.Name, revision, meta));
        }

        await NotifyAsync(events, cancellationToken).ConfigureAwait(false);
        foreach (var revision in cached)
        {
            await _metadata.DeleteAsync(Key.Namespace, revision.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the underlying repository (the cache's own close; <see cref="DisposeAsync"/> is for callers and does nothing).</summary>
    public async ValueTask CloseSourceAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        Task<SyncResult>? last;
        lock (_syncLock)
        {
            last = _lastSync;
        }

        if (last is not null)
        {
            try
            {
                await last.ConfigureAwait(false); // a shared sync ends (cancelled) before the repository it reads closes
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Its callers saw it; closing goes on.
            }
        }

        await _source.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
        _closing.Dispose();
    }

    private async Task NotifyAsync(List<(PackageRevisionChangeType Type, string Name, CachedRevision? Old, ObjectMeta? Meta)> events, CancellationToken cancellationToken)
    {
        IReadOnlyList<CachedRevision> current = [];
        if (events.Exists(static e => e.Type != PackageRevisionChangeType.Deleted))
        {
            current = await Store.ListAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false);
        }

        var byName = new Dictionary<string, CachedRevision>(current.Count, StringComparer.Ordinal);
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var revision in current)
        {
            byName[revision.Name] = revision;
            var path = revision.Key.Package.PackagePath;
            if (revision.IsPublished && revision.Key.Revision > 0 && (!latest.TryGetValue(path, out var max) || revision.Key.Revision > max))
            {
                latest[path] = revision.Key.Revision;
            }
        }

        var repositoryObject = RepositoryObject;
        foreach (var (type, name, old, meta) in events)
        {
            try
            {
                if (type == PackageRevisionChangeType.Deleted)
                {
                    var gone = await PackageRevisionApi.ToApiAsync(repositoryObject, old!, false, meta, cancellationToken).ConfigureAwait(false); // Deleted events always carry the old revision
                    _notifier.NotifyPackageRevisionChange(type, gone);
                }
                else if (byName.TryGetValue(name, out var revision))
                {
                    var isLatest = revision.IsPublished && revision.Key.Revision > 0 &&
                        latest.TryGetValue(revision.Key.Package.PackagePath, out var max) && max == revision.Key.Revision;
                    var stored = await _metadata.GetAsync(Key.Namespace, name, cancellationToken).ConfigureAwait(false);
                    var api = await PackageRevisionApi.ToApiAsync(repositoryObject, revision, isLatest, stored, cancellationToken).ConfigureAwait(false);
                    _notifier.NotifyPackageRevisionChange(type, api);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.NotifyFailed(name, ex);
            }
        }
    }

    private static PackageRevisionConflictException Conflict(string name) =>
        new($"Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
}
