using System.Diagnostics.Metrics;

namespace Porch.Watch.Diagnostics;

/// <summary>Watch instruments: active watchers, events delivered, watchers dropped as too slow.</summary>
internal sealed class WatchMetrics : IDisposable
{
    private readonly Meter _meter;

    public WatchMetrics(IMeterFactory? meterFactory, Func<int> activeWatchers)
    {
        _meter = meterFactory?.Create(PorchWatchDiagnostics.MeterName) ?? new Meter(PorchWatchDiagnostics.MeterName);
        _meter.CreateObservableGauge("porch.watch.active", activeWatchers, "{watcher}", "Watchers currently subscribed.");
        EventsSent = _meter.CreateCounter<long>("porch.watch.events_sent", "{event}", "Events delivered to watchers (one per watcher and event).");
        WatchersDropped = _meter.CreateCounter<long>("porch.watch.watchers_dropped", "{watcher}", "Watchers closed because they fell too far behind.");
    }

    public Counter<long> EventsSent { get; }

    public Counter<long> WatchersDropped { get; }

    public void Dispose() => _meter.Dispose();
}
