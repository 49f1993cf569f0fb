using System.Diagnostics;

namespace Porch.Krm.Diagnostics;

/// <summary>
/// The names under which the kpt document layer reports: one <see cref="ActivitySource"/> (a span per function
/// evaluation during render) and one meter (function evaluation duration and count).
/// </summary>
public static class PorchKrmDiagnostics
{
    /// <summary>The name of the activity source: listen to it for <c>EvaluateFunction</c> spans.</summary>
    public const string ActivitySourceName = "Porch.Krm";

    /// <summary>The name of the meter: <c>porch.function.evaluation.duration</c> and <c>porch.function.evaluations</c>.</summary>
    public const string MeterName = "Porch.Krm";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
