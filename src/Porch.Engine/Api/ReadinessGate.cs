namespace Porch.Engine.Api;

/// <summary>
/// A readiness gate: a condition type that must be <c>True</c> before the revision is ready.
/// </summary>
public sealed class ReadinessGate
{
    /// <summary>The condition type (<c>conditionType</c>).</summary>
    public string? ConditionType { get; set; }
}
