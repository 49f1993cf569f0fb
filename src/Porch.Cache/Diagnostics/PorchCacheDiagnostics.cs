using System.Diagnostics;

namespace Porch.Cache.Diagnostics;

/// <summary>The names under which the cache publishes traces and metrics (<c>AddSource("Porch.*")</c>, <c>AddMeter("Porch.*")</c>).</summary>
public static class PorchCacheDiagnostics
{
    /// <summary>The name of the cache's <see cref="System.Diagnostics.ActivitySource"/> (span <c>SyncRepository</c>).</summary>
    public const string ActivitySourceName = "Porch.Cache";

    /// <summary>The name of the cache's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Porch.Cache";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
