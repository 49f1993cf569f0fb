using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Cache.Database;
using Porch.Cache.Diagnostics;
using Porch.Cache.Sync;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Porch.Cache.Internal;

/// <summary>
/// The cache behind <c>.WithCache(...)</c>: opens each repository through its adapter, wraps it in a
/// <see cref="CachedRepository"/> over the memory store (or the database store when a driver package registered a
/// <see cref="CacheDatabase"/>), syncs it once before handing it out, and keeps a <see cref="SyncManager"/> running for it
/// until it is closed.
/// </summary>
internal sealed class PorchPackageCache : IPackageCache, IAsyncDisposable
{
    private readonly IRepositoryAdapter[] _adapters;
    private readonly IPackageRevisionMetadataStore _metadata;
    private readonly IPackageRevisionChangeNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly PorchCacheOptions _options;
    private readonly CacheDatabase? _database;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string, string), Entry> _open = new();
    private readonly Diagnostics.CacheMetrics _metrics;
    private readonly ConcurrentDictionary<(string, string), SemaphoreSlim> _openLocks = new();
    private readonly ConcurrentDictionary<(string, string), OpenFailure> _failures = new();
    private readonly RepositoryRegistry? _registry;

    public PorchPackageCache(
        IEnumerable<IRepositoryAdapter> adapters,
        IPackageRevisionMetadataStore metadata,
        IPackageRevisionChangeNotifier notifier,
        TimeProvider time,
        IOptions<PorchCacheOptions> options,
        CacheDatabase? database = null,
        ILogger<PorchPackageCache>? logger = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null,
        RepositoryRegistry? registry = null)
    {
        _registry = registry;
        _metrics = new Diagnostics.CacheMetrics(meterFactory, () => _open.Count);
        _adapters = [.. adapters];
        _metadata = metadata;
        _notifier = notifier;
        _time = time;
        _options = options.Value;
        _database = database;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    private static readonly AsyncLocal<bool> BackgroundAttempt = new();

    /// <summary>
    /// Gets or sets a value indicating whether a background process retries repositories that failed to open (set by
    /// <see cref="Hosting.RepositorySyncService"/>); then no other caller retries them.
    /// </summary>
    internal bool RetriedInBackground { get; set; }

    /// <summary>Marks the calls made inside the returned scope as the background process's retries.</summary>
    internal static IDisposable BackgroundAttemptScope()
    {
        BackgroundAttempt.Value = true;
        return new Scope();
    }

    public async Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var key = KeyOf(repository);
        if (_open.TryGetValue(key, out var open) && SameSource(open.Repository.RepositoryObject, repository))
        {
            if (!ReferenceEquals(open.Repository.RepositoryObject, repository))
            {
                open.Sync.UpdateSpec(repository);
            }

            return open.Repository;
        }

        ThrowIfBackingOff(key, repository);
        var gate = _openLocks.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_open.TryGetValue(key, out open))
            {
                if (SameSource(open.Repository.RepositoryObject, repository))
                {
                    open.Sync.UpdateSpec(repository);
                    return open.Repository;
                }

                _open.TryRemove(key, out _);
                await CloseEntryAsync(open, forget: true, cancellationToken).ConfigureAwait(false);
            }

            // A caller that waited behind a failed attempt fails with it instead of trying again.
            ThrowIfBackingOff(key, repository);
            Entry entry;
            try
            {
                entry = await OpenEntryAsync(repository, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RecordFailure(key, repository, ex);
                throw;
            }

            _failures.TryRemove(key, out _);
            _open[key] = entry;
            return entry.Repository;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task CloseRepositoryAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var key = KeyOf(repository);
        var gate = _openLocks.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _failures.TryRemove(key, out _);
            if (_open.TryRemove(key, out var open))
            {
                await CloseEntryAsync(open, forget: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The sync handler of an open repository, or null.</summary>
    public SyncManager? FindSyncHandler(string @namespace, string name) =>
        _open.TryGetValue((@namespace, name), out var entry) ? entry.Sync : null;

    /// <summary>Gets the last failure to open a repository that is not open, or null.</summary>
    public Exception? FindOpenFailure(string @namespace, string name) =>
        _failures.TryGetValue((@namespace, name), out var failure) ? failure.Error : null;

    /// <summary>
    /// Within the backoff after a failed open of the same source, fails at once with the failure's text instead of
    /// trying again: lists, health checks and API calls never run the adapter more often than the backoff allows
    /// (<see cref="PorchCacheOptions.RetryMinDelay"/> doubling up to <see cref="PorchCacheOptions.RetryMaxDelay"/>). With
    /// the background process running, it alone tries a failed source again, on its own (jittered) schedule.
    /// </summary>
    private void ThrowIfBackingOff((string, string) key, Repository repository)
    {
        // With the background process retrying (RetriedInBackground), only it tries a failed source again: every other
        // caller (lists, health checks, API calls) fails at once with the last error, whatever the time.
        // The background process paces its own attempts (Hosting.SyncRetry: jittered, so not on this schedule): they
        // are never held back here.
        var background = BackgroundAttempt.Value;
        if (!background && _failures.TryGetValue(key, out var failure) && SameSource(failure.Repository, repository) && (RetriedInBackground || _time.GetUtcNow() < failure.RetryAt))
        {
            throw new RepositoryUnavailableException(failure.Error.Message, failure.Error);
        }
    }

    private void RecordFailure((string, string) key, Repository repository, Exception error)
    {
        var attempts = _failures.TryGetValue(key, out var previous) && SameSource(previous.Repository, repository) ? previous.Attempts + 1 : 1;
        var delay = _options.RetryMinDelay;
        for (var i = 1; i < attempts && delay < _options.RetryMaxDelay; i++)
        {
            delay *= 2;
        }

        if (delay > _options.RetryMaxDelay)
        {
            delay = _options.RetryMaxDelay;
        }

        _failures[key] = new OpenFailure(repository, error, attempts, _time.GetUtcNow() + delay);
    }

    /// <summary>Stops every SyncManager and closes every repository, keeping what the database holds (a shutdown, not a removal).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var key in _open.Keys)
        {
            if (_open.TryRemove(key, out var entry))
            {
                await CloseEntryAsync(entry, forget: false, CancellationToken.None).ConfigureAwait(false);
            }
        }

        _metrics.Dispose();
    }

    private async Task<Entry> OpenEntryAsync(Repository repositoryObject, CancellationToken cancellationToken)
    {
        var type = repositoryObject.Spec.Type ?? RepositoryType.Git;
        var adapter = Array.Find(_adapters, a => a.CanOpen(repositoryObject))
            ?? throw new RepositoryUnavailableException($"no repository adapter is registered for repository type {type.ToString().ToLowerInvariant()} (repository {repositoryObject.Metadata.Namespace}/{repositoryObject.Metadata.Name})");
        var source = await adapter.OpenRepositoryAsync(repositoryObject, cancellationToken).ConfigureAwait(false);
        var cached = new CachedRepository(repositoryObject, source, _metadata, _notifier, _logger);
        SyncManager? sync = null;
        try
        {
            if (_database is null)
            {
                cached.Store = new MemoryRevisionStore(cached, _metadata, _time, _options.ClaimTimeout);
            }
            else
            {
                var store = new DatabaseRevisionStore(_database, cached);
                await store.AttachAsync(repositoryObject, cancellationToken).ConfigureAwait(false);
                cached.Store = store;
            }

            var database = _database;
            var key = cached.Key;
            sync = new SyncManager(cached, _time, _options.DefaultSyncFrequency, _logger, _metrics,
                database is null ? null : ct => database.Driver.TryOwnSyncAsync(key.Namespace, key.Name, ct),
                _registry is null ? null : r => _registry.StatusChanged(r));
            var error = await sync.StartAsync(cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw error as RepositoryUnavailableException
                    ?? new RepositoryUnavailableException($"cannot sync repository {cached.Key.Namespace}/{cached.Key.Name}: {error.Message}", error);
            }

            var count = (await cached.Store.ListAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false)).Count;
            _logger.RepositoryOpened(cached.Key.Namespace, cached.Key.Name, cached.Store.StorageName, count);
            return new Entry(cached, sync);
        }
        catch
        {
            if (sync is not null)
            {
                await sync.DisposeAsync().ConfigureAwait(false);
            }

            await cached.CloseSourceAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops syncing and closes the repository. When it is closed for good (<paramref name="forget"/>), the memory cache
    /// announces every cached revision as Deleted and the database cache drops its rows (spec section 4.9).
    /// </summary>
    private async Task CloseEntryAsync(Entry entry, bool forget, CancellationToken cancellationToken)
    {
        await entry.Sync.DisposeAsync().ConfigureAwait(false);
        if (_database is not null)
        {
            await _database.Driver.ReleaseSyncAsync(entry.Repository.Key.Namespace, entry.Repository.Key.Name, CancellationToken.None).ConfigureAwait(false);
        }

        if (forget)
        {
            if (_database is null)
            {
                await entry.Repository.NotifyAllDeletedAsync(cancellationToken).ConfigureAwait(false);
            }

            await entry.Repository.Store.RemoveAllAsync(cancellationToken).ConfigureAwait(false);
        }

        await entry.Repository.CloseSourceAsync().ConfigureAwait(false);
        _logger.RepositoryClosed(entry.Repository.Key.Namespace, entry.Repository.Key.Name);
    }

    private static (string, string) KeyOf(Repository repository) => (repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "");

    /// <summary>The fields that decide what is read: a changed one reopens the repository (others, such as the sync schedule, apply in place).</summary>
    private static bool SameSource(Repository a, Repository b) =>
        ReferenceEquals(a, b) || (
        a.Spec.Type == b.Spec.Type &&
        a.Spec.Deployment == b.Spec.Deployment &&
        a.Spec.Git?.Repo == b.Spec.Git?.Repo &&
        a.Spec.Git?.Branch == b.Spec.Git?.Branch &&
        a.Spec.Git?.Directory == b.Spec.Git?.Directory &&
        a.Spec.Git?.SecretRef.Name == b.Spec.Git?.SecretRef.Name &&
        a.Spec.Oci?.Registry == b.Spec.Oci?.Registry);

    private sealed record Entry(CachedRepository Repository, SyncManager Sync);

    private sealed class Scope : IDisposable
    {
        public void Dispose() => BackgroundAttempt.Value = false;
    }

    private sealed record OpenFailure(Repository Repository, Exception Error, int Attempts, DateTimeOffset RetryAt);
}
