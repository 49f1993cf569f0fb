using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Engine.Repositories;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Diagnostics;
using Porch.PackageVariants.Internal;
using Porch.Watch;

namespace Porch.PackageVariants;

/// <summary>
/// The hosted PackageVariant and PackageVariantSet controllers: reconciles on every change of a PackageVariant or
/// PackageVariantSet, of package revisions (the engine's watch), of registered cluster objects and periodically;
/// a failed reconciliation is retried with exponential backoff.
/// </summary>
internal sealed class PackageVariantController : BackgroundService
{
    private readonly PackageVariantStore _store;
    private readonly IPackageRevisionWatchService _watch;
    private readonly IClusterObjectSource _objects;
    private readonly PackageVariantReconciler _variants;
    private readonly PackageVariantSetReconciler _sets;
    private readonly PackageVariantControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PackageVariantController> _logger;
    private readonly ReconcileQueue _queue = new();
    private readonly Dictionary<ReconcileRequest, int> _failures = [];

    public PackageVariantController(
        PackageVariantStore store,
        IPackageRevisionWatchService watch,
        IClusterObjectSource objects,
        PackageVariantReconciler variants,
        PackageVariantSetReconciler sets,
        IOptions<PackageVariantControllerOptions> options,
        TimeProvider time,
        ILogger<PackageVariantController> logger)
    {
        _store = store;
        _watch = watch;
        _objects = objects;
        _variants = variants;
        _sets = sets;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _store.PackageVariantChanged += OnPackageVariantChanged;
        _store.PackageVariantSetChanged += OnPackageVariantSetChanged;
        if (_objects is ClusterObjectRegistry registry)
        {
            registry.Changed += EnqueueNamespace;
        }

        try
        {
            EnqueueAll();
            var watching = WatchPackageRevisionsAsync(stoppingToken);
            var resync = ResyncAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var request = await _queue.TakeAsync(stoppingToken).ConfigureAwait(false);
                await ProcessAsync(request, stoppingToken).ConfigureAwait(false);
            }

            await Task.WhenAll(watching, resync).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _store.PackageVariantChanged -= OnPackageVariantChanged;
            _store.PackageVariantSetChanged -= OnPackageVariantSetChanged;
            if (_objects is ClusterObjectRegistry r)
            {
                r.Changed -= EnqueueNamespace;
            }
        }
    }

    private async Task ProcessAsync(ReconcileRequest request, CancellationToken stoppingToken)
    {
        try
        {
            if (request.IsSet)
            {
                await _sets.ReconcileAsync(request.Namespace, request.Name, stoppingToken).ConfigureAwait(false);
                CollectOrphanedVariants(request.Namespace);
            }
            else
            {
                await _variants.ReconcileAsync(request.Namespace, request.Name, stoppingToken).ConfigureAwait(false);
            }

            _failures.Remove(request);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            var attempt = _failures.TryGetValue(request, out var n) ? n + 1 : 1;
            _failures[request] = attempt;
            var delay = RetryDelay(attempt);
            _logger.ReconcileFailed(request.IsSet ? PackageVariantApi.PackageVariantSetKind : PackageVariantApi.PackageVariantKind, request.Namespace, request.Name, attempt, delay, ex);
            _ = RequeueAfterAsync(request, delay, stoppingToken);
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var ticks = _options.MinRetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 40));
        return ticks >= _options.MaxRetryDelay.Ticks ? _options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async Task RequeueAfterAsync(ReconcileRequest request, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            _queue.Add(request);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Our stand-in for Kubernetes garbage collection: PackageVariants whose owning set is gone are deleted.</summary>
    private void CollectOrphanedVariants(string @namespace)
    {
        var sets = _store.ListPackageVariantSets(@namespace).Select(s => s.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var pv in _store.ListPackageVariants(@namespace))
        {
            if (pv.Metadata.DeletionTimestamp is null &&
                pv.Metadata.OwnerReferences.Any(o => o.Kind == PackageVariantApi.PackageVariantSetKind && o.Controller == true) &&
                !pv.Metadata.OwnerReferences.Any(o => o.Kind == PackageVariantApi.PackageVariantSetKind && sets.Contains(o.Uid)))
            {
                _store.DeletePackageVariant(@namespace, pv.Metadata.Name!);
            }
        }
    }

    private async Task WatchPackageRevisionsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _watch.WatchAsync(PackageRevisionFilter.All, null, stoppingToken).ConfigureAwait(false))
                {
                    EnqueueNamespace(change.Object.Metadata.Namespace ?? "default");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A dropped or expired watch: start again and reconcile everything, as an informer relists.
                _logger.WatchRestarted(ex);
                EnqueueAll();
            }
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            EnqueueAll();
        }
    }

    private void OnPackageVariantChanged(string @namespace, string name, StoreChangeType type)
    {
        if (type != StoreChangeType.Deleted)
        {
            _queue.Add(new ReconcileRequest(false, @namespace, name));
        }

        // Porch's set controller watches PackageVariants too.
        foreach (var set in _store.ListPackageVariantSets(@namespace))
        {
            _queue.Add(new ReconcileRequest(true, @namespace, set.Metadata.Name!));
        }
    }

    private void OnPackageVariantSetChanged(string @namespace, string name, StoreChangeType type)
    {
        _queue.Add(new ReconcileRequest(true, @namespace, name));
    }

    private void EnqueueNamespace(string @namespace)
    {
        foreach (var pv in _store.ListPackageVariants(@namespace))
        {
            _queue.Add(new ReconcileRequest(false, @namespace, pv.Metadata.Name!));
        }

        foreach (var set in _store.ListPackageVariantSets(@namespace))
        {
            _queue.Add(new ReconcileRequest(true, @namespace, set.Metadata.Name!));
        }
    }

    private void EnqueueAll()
    {
        foreach (var pv in _store.ListPackageVariants(null))
        {
            _queue.Add(new ReconcileRequest(false, pv.Metadata.Namespace!, pv.Metadata.Name!));
        }

        foreach (var set in _store.ListPackageVariantSets(null))
        {
            _queue.Add(new ReconcileRequest(true, set.Metadata.Namespace!, set.Metadata.Name!));
        }
    }
}
