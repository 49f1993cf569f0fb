using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A Kubernetes-style condition of a package revision, as Porch's v1alpha1 <c>Condition</c> (read from the Kptfile).
/// </summary>
public sealed class Condition
{
    /// <summary>Condition type (<c>type</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Type { get; set; } = "";

    /// <summary>Condition status (<c>status</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ConditionStatus Status { get; set; }

    /// <summary>Machine-readable reason (<c>reason</c>).</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable message (<c>message</c>).</summary>
    public string? Message { get; set; }
}
