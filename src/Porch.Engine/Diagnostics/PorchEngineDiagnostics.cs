using System.Diagnostics;

namespace Porch.Engine.Diagnostics;

/// <summary>
/// The names under which the engine publishes traces and metrics: subscribe with <c>AddSource("Porch.*")</c> and
/// <c>AddMeter("Porch.*")</c> (or these exact names).
/// </summary>
public static class PorchEngineDiagnostics
{
    /// <summary>The name of the engine's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "Porch.Engine";

    /// <summary>The name of the engine's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Porch.Engine";

    /// <summary>The engine's activity source (spans per operation and per step).</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
