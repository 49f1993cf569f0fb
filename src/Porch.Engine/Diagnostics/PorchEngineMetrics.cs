using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Porch.Engine.Diagnostics;

/// <summary>The engine's instruments, created from the host's <see cref="IMeterFactory"/> when there is one.</summary>
internal sealed class PorchEngineMetrics : IDisposable
{
    private readonly Meter _meter;

    public PorchEngineMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(PorchEngineDiagnostics.MeterName) ?? new Meter(PorchEngineDiagnostics.MeterName);
        OperationDuration = _meter.CreateHistogram<double>(
            "porch.package_revision.operation.duration", "s", "Duration of package revision operations (create, update, approve, update_resources, delete, list, get).");
        Conflicts = _meter.CreateCounter<long>(
            "porch.package_revision.conflicts", "{conflict}", "Operations refused by optimistic concurrency or a concurrent request on the same object.");
        ValidationFailures = _meter.CreateCounter<long>(
            "porch.package_revision.validation_failures", "{failure}", "Operations refused by Porch's rules.");
        FunctionDuration = _meter.CreateHistogram<double>(
            "porch.function.evaluation.duration", "s", "Duration of KRM function evaluations during render.");
        FunctionEvaluations = _meter.CreateCounter<long>(
            "porch.function.evaluations", "{evaluation}", "KRM function evaluations during render, failed ones tagged with error.type.");
    }

    public Histogram<double> OperationDuration { get; }

    public Counter<long> Conflicts { get; }

    public Counter<long> ValidationFailures { get; }

    public Histogram<double> FunctionDuration { get; }

    public Counter<long> FunctionEvaluations { get; }

    public void Dispose() => _meter.Dispose();
}
