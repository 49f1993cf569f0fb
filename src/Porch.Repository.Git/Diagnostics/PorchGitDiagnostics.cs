using System.Diagnostics;

namespace Porch.Repository.Git.Diagnostics;

/// <summary>The names under which the Git adapter publishes traces and metrics (<c>AddSource("Porch.*")</c>, <c>AddMeter("Porch.*")</c>).</summary>
public static class PorchGitDiagnostics
{
    /// <summary>The name of the adapter's <see cref="System.Diagnostics.ActivitySource"/> (spans <c>GitFetch</c> and <c>GitPush</c>).</summary>
    public const string ActivitySourceName = "Porch.Repository.Git";

    /// <summary>The name of the adapter's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Porch.Repository.Git";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
