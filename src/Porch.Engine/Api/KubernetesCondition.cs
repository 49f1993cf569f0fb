using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A standard Kubernetes condition (<c>metav1.Condition</c>), as used in <see cref="RepositoryStatus.Conditions"/>.
/// </summary>
public sealed class KubernetesCondition
{
    /// <summary>Condition type (<c>type</c>), for example <c>Ready</c>; always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Type { get; set; } = "";

    /// <summary>Condition status (<c>status</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ConditionStatus Status { get; set; }

    /// <summary>The generation the condition was computed from (<c>observedGeneration</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ObservedGeneration { get; set; }

    /// <summary>When the status last changed (<c>lastTransitionTime</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>Machine-readable reason (<c>reason</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Reason { get; set; } = "";

    /// <summary>Human-readable message (<c>message</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Message { get; set; } = "";
}
