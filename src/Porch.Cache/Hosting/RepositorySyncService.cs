using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Cache.Database;
using Porch.Cache.Diagnostics;
using Porch.Cache.Sources;
using Porch.Cache.Sync;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Porch.Cache.Hosting;

/// <summary>
/// The background repository process: follows the <see cref="IRepositorySource"/>, registers each repository with the
/// engine's <see cref="RepositoryRegistry"/> and opens (syncs) it in the cache; a changed one is refreshed (or reopened
/// when what it reads changed), a deleted one is closed and unregistered. Opening failures are retried through
/// <see cref="SyncRetry"/> (exponential backoff with jitter from 1 s up to 30 s by default). Readiness turns true once
/// the initial set has been handled.
/// </summary>
internal sealed class RepositorySyncService : BackgroundService
{
    private readonly IRepositorySource _source;
    private readonly IPackageCache _cache;
    private readonly RepositoryRegistry _registry;
    private readonly CacheReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly PorchCacheOptions _options;
    private readonly CacheDatabase? _database;
    private readonly ILogger _logger;
    private readonly Dictionary<(string, string), Worker> _workers = [];

    public RepositorySyncService(
        IRepositorySource source,
        IPackageCache cache,
        RepositoryRegistry registry,
        CacheReadiness readiness,
        TimeProvider time,
        IOptions<PorchCacheOptions> options,
        CacheDatabase? database = null,
        ILogger<RepositorySyncService>? logger = null)
    {
        _source = source;
        _cache = cache;
        if (cache is Internal.PorchPackageCache porchCache)
        {
            porchCache.RetriedInBackground = true;
        }
        _registry = registry;
        _readiness = readiness;
        _time = time;
        _options = options.Value;
        _database = database;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = SyncRetry.UntilStopped(_options, _time, "source", args =>
        {
            _logger.RepositorySourceFailed(args.RetryDelay, args.Outcome.Exception!);
            return ValueTask.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            Exception? failedAfterProgress = null;
            try
            {
                await retry.ExecuteAsync(
                    async ct =>
                    {
                        var progressed = false;
                        try
                        {
                            if (_database is not null)
                            {
                                await _database.InitializeAsync(ct).ConfigureAwait(false);
                            }

                            await foreach (var change in _source.WatchAsync(ct).ConfigureAwait(false))
                            {
                                await HandleAsync(change, ct).ConfigureAwait(false);
                                progressed = true;
                            }
                        }
                        catch (Exception ex) when (progressed && !ct.IsCancellationRequested)
                        {
                            failedAfterProgress = ex;
                        }
                    },
                    stoppingToken).ConfigureAwait(false);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (failedAfterProgress is not null)
            {
                // A source that worked before it failed starts a new series of retries (the backoff starts again),
                // after the first delay, so a source that fails after every event is not followed in a tight loop.
                _logger.RepositorySourceFailed(_options.RetryMinDelay, failedAfterProgress);
                try
                {
                    await Task.Delay(_options.RetryMinDelay, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var worker in _workers.Values)
        {
            await worker.StopAsync().ConfigureAwait(false);
        }

        _workers.Clear();
    }

    private async Task HandleAsync(RepositorySourceEvent change, CancellationToken stoppingToken)
    {
        if (change.Type == RepositorySourceEventType.Synced)
        {
            _readiness.InitialSetListed();
            if (_readiness.IsReady)
            {
                _logger.CacheReady(_workers.Count);
            }
            else
            {
                _ = LogWhenReadyAsync(stoppingToken);
            }

            return;
        }

        var repository = change.Repository!; // every event but Synced carries one
        var key = (repository.Metadata.Namespace ?? "default", repository.Metadata.Name ?? "");
        var display = key.Item1 + "/" + key.Item2;
        if (_workers.Remove(key, out var previous))
        {
            await previous.StopAsync().ConfigureAwait(false);
        }

        if (change.Type == RepositorySourceEventType.Deleted)
        {
            await _cache.CloseRepositoryAsync(repository, stoppingToken).ConfigureAwait(false);
            _registry.Remove(key.Item1, key.Item2);
            _readiness.Handled(display);
            return;
        }

        try
        {
            _registry.AddOrUpdate(repository);
        }
        catch (Engine.Errors.PackageValidationException ex)
        {
            repository.Status.Conditions = [RepositoryConditions.Error(_time.GetUtcNow(), repository.Metadata.Generation, ex)];
            _logger.RepositoryApplyFailed(key.Item1, key.Item2, 1, TimeSpan.Zero, ex);
            return;
        }

        if (repository.Metadata.DeletionTimestamp is not null)
        {
            // Terminating (held by finalizers): registered so clients see it, but not opened again.
            await _cache.CloseRepositoryAsync(repository, stoppingToken).ConfigureAwait(false);
            return;
        }

        _readiness.Expect(display);
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _workers[key] = new Worker(cts, OpenWithRetryAsync(repository, display, cts.Token));
    }

    /// <summary>Opens (and so syncs) a repository, retrying (<see cref="SyncRetry"/>) until it works or is superseded.</summary>
    private async Task OpenWithRetryAsync(Repository repository, string display, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var retry = SyncRetry.UntilStopped(_options, _time, display, args =>
        {
            var ex = args.Outcome.Exception!;
            repository.Status.Conditions = [RepositoryConditions.Error(_time.GetUtcNow(), repository.Metadata.Generation, ex)];
            _registry.StatusChanged(repository);
            _logger.RepositoryApplyFailed(repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "", args.AttemptNumber + 1, args.RetryDelay, ex);
            _readiness.Handled(display);
            return ValueTask.CompletedTask;
        });
        try
        {
            await retry.ExecuteAsync(
                async ct =>
                {
                    using (Internal.PorchPackageCache.BackgroundAttemptScope())
                    {
                        await _cache.OpenRepositoryAsync(repository, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
            _readiness.Handled(display);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Superseded (changed or deleted) or stopping.
        }
    }

    private async Task LogWhenReadyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _readiness.WaitUntilReadyAsync(stoppingToken).ConfigureAwait(false);
            _logger.CacheReady(_workers.Count);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the cache became warm.
        }
    }

    private sealed record Worker(CancellationTokenSource Cancellation, Task Task)
    {
        public async Task StopAsync()
        {
            await Cancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Superseded while opening.
            }

            Cancellation.Dispose();
        }
    }
}
