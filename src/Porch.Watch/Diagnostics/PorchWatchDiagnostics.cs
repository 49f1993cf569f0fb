using System.Diagnostics.Metrics;

namespace Porch.Watch.Diagnostics;

/// <summary>The names under which the watch package publishes metrics (subscribe with <c>AddMeter("Porch.*")</c>).</summary>
public static class PorchWatchDiagnostics
{
    /// <summary>The name of the watch package's <see cref="Meter"/>.</summary>
    public const string MeterName = "Porch.Watch";
}
