using System.Diagnostics.Metrics;

namespace Porch.Krm.Diagnostics;

/// <summary>The instruments of the renderer, created from the host's <see cref="IMeterFactory"/> when it has one.</summary>
internal sealed class KrmMetrics
{
    public KrmMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(PorchKrmDiagnostics.MeterName) ?? new Meter(PorchKrmDiagnostics.MeterName);
        FunctionDuration = meter.CreateHistogram<double>(
            "porch.function.evaluation.duration", "s", "Duration of KRM function evaluations during render.");
        FunctionEvaluations = meter.CreateCounter<long>(
            "porch.function.evaluations", "{evaluation}", "KRM function evaluations during render, failed ones tagged with error.type.");
    }

    public Histogram<double> FunctionDuration { get; }

    public Counter<long> FunctionEvaluations { get; }
}
