using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Porch.Samples.Server;

/// <summary>
/// Exports Porch's traces and metrics with the OpenTelemetry SDK to a line-per-item text sink (the console or a
/// file): the exporter packages cannot be had here, and any OpenTelemetry host would plug its own exporter instead.
/// </summary>
internal static class TelemetryExport
{
    public static IDisposable[] Start(TextWriter sink, TimeSpan metricInterval)
    {
        var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource("Porch.*", "Microsoft.AspNetCore")
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new SimpleActivityExportProcessor(new SpanLineExporter(sink)))
            .Build();
        var meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter("Porch.*")
            .AddReader(new PeriodicExportingMetricReader(new MetricLineExporter(sink), (int)metricInterval.TotalMilliseconds))
            .Build();
        return [tracer, meter];
    }

    private sealed class SpanLineExporter(TextWriter sink) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (sink)
            {
                foreach (var activity in batch)
                {
                    var tags = string.Join(' ', activity.TagObjects.Where(t => t.Value is not null).Select(t => $"{t.Key}={t.Value}"));
                    sink.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"span {activity.TraceId} {activity.SpanId} parent={activity.ParentSpanId} {activity.Source.Name}/{activity.DisplayName} {activity.Duration.TotalMilliseconds:F2}ms status={activity.Status} {tags}"));
                }

                sink.Flush();
            }

            return ExportResult.Success;
        }
    }

    private sealed class MetricLineExporter(TextWriter sink) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            lock (sink)
            {
                foreach (var metric in batch)
                {
                    foreach (ref readonly var point in metric.GetMetricPoints())
                    {
                        var tags = new List<string>();
                        foreach (var tag in point.Tags)
                        {
                            tags.Add($"{tag.Key}={tag.Value}");
                        }

                        var value = metric.MetricType switch
                        {
                            MetricType.Histogram => string.Create(CultureInfo.InvariantCulture, $"count={point.GetHistogramCount()} sum={point.GetHistogramSum():F4}"),
                            MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString(CultureInfo.InvariantCulture),
                            MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture),
                            MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString(CultureInfo.InvariantCulture),
                            _ => point.GetSumDouble().ToString(CultureInfo.InvariantCulture),
                        };
                        sink.WriteLine($"metric {metric.MeterName}/{metric.Name} {value} {string.Join(' ', tags)}");
                    }
                }

                sink.Flush();
            }

            return ExportResult.Success;
        }
    }
}
