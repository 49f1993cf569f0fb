using System.Diagnostics.Metrics;

namespace Porch.Cache.Diagnostics;

/// <summary>Cache instruments: sync duration and outcome per repository, open repositories.</summary>
internal sealed class CacheMetrics : IDisposable
{
    private readonly Meter _meter;

    public CacheMetrics(IMeterFactory? meterFactory, Func<int> openRepositories)
    {
        _meter = meterFactory?.Create(PorchCacheDiagnostics.MeterName) ?? new Meter(PorchCacheDiagnostics.MeterName);
        SyncDuration = _meter.CreateHistogram<double>("porch.cache.sync.duration", "s", "Duration of repository syncs, by repository and outcome.");
        _meter.CreateObservableGauge("porch.cache.repositories", openRepositories, "{repository}", "Repositories open in the cache.");
    }

    public Histogram<double> SyncDuration { get; }

    public void Dispose() => _meter.Dispose();
}
