using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A Kubernetes owner reference (<c>metav1.OwnerReference</c>).
/// </summary>
public sealed class OwnerReference
{
    /// <summary>API version of the owner (<c>apiVersion</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string ApiVersion { get; set; } = "";

    /// <summary>Kind of the owner (<c>kind</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Kind { get; set; } = "";

    /// <summary>Name of the owner (<c>name</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Name { get; set; } = "";

    /// <summary>UID of the owner (<c>uid</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Uid { get; set; } = "";

    /// <summary>Whether the owner is the managing controller (<c>controller</c>).</summary>
    public bool? Controller { get; set; }

    /// <summary>Whether deletion of the owner waits for this object (<c>blockOwnerDeletion</c>).</summary>
    public bool? BlockOwnerDeletion { get; set; }
}
