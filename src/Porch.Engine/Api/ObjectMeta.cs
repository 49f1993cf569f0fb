using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Kubernetes object metadata (<c>metav1.ObjectMeta</c>) with the fields Porch reads and writes.
/// </summary>
/// <remarks>
/// Empty <see cref="Labels"/>, <see cref="Annotations"/>, <see cref="OwnerReferences"/> and <see cref="Finalizers"/>
/// are omitted from JSON, as Go's <c>omitempty</c> does. <see cref="CreationTimestamp"/> is always written
/// (as <c>null</c> when unset), as Go writes a zero <c>metav1.Time</c>.
/// </remarks>
public sealed class ObjectMeta
{
    /// <summary>The object name (<c>name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The name prefix used by the server to generate a name (<c>generateName</c>).</summary>
    public string? GenerateName { get; set; }

    /// <summary>The object namespace (<c>namespace</c>).</summary>
    public string? Namespace { get; set; }

    /// <summary>The unique id of the object (<c>uid</c>).</summary>
    public string? Uid { get; set; }

    /// <summary>The opaque version used for optimistic concurrency (<c>resourceVersion</c>).</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>The generation of the desired state (<c>generation</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Generation { get; set; }

    /// <summary>When the object was created (<c>creationTimestamp</c>); written as <c>null</c> when unset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>When the object was marked for deletion (<c>deletionTimestamp</c>).</summary>
    public DateTimeOffset? DeletionTimestamp { get; set; }

    /// <summary>The grace period of a pending deletion in seconds (<c>deletionGracePeriodSeconds</c>).</summary>
    public long? DeletionGracePeriodSeconds { get; set; }

    /// <summary>Labels (<c>labels</c>).</summary>
    [JsonIgnore]
    public Dictionary<string, string> Labels { get; set; } = OmitEmpty.NewMap();

    [JsonInclude]
    [JsonPropertyName("labels")]
    internal SortedDictionary<string, string>? LabelsJson { get => OmitEmpty.Map(Labels); set => Labels = OmitEmpty.FromMap(value); }

    /// <summary>Annotations (<c>annotations</c>).</summary>
    [JsonIgnore]
    public Dictionary<string, string> Annotations { get; set; } = OmitEmpty.NewMap();

    [JsonInclude]
    [JsonPropertyName("annotations")]
    internal SortedDictionary<string, string>? AnnotationsJson { get => OmitEmpty.Map(Annotations); set => Annotations = OmitEmpty.FromMap(value); }

    /// <summary>Owner references (<c>ownerReferences</c>).</summary>
    [JsonIgnore]
    public List<OwnerReference> OwnerReferences { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("ownerReferences")]
    internal List<OwnerReference>? OwnerReferencesJson { get => OmitEmpty.List(OwnerReferences); set => OwnerReferences = OmitEmpty.FromList(value); }

    /// <summary>Finalizers (<c>finalizers</c>).</summary>
    [JsonIgnore]
    public List<string> Finalizers { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("finalizers")]
    internal List<string>? FinalizersJson { get => OmitEmpty.List(Finalizers); set => Finalizers = OmitEmpty.FromList(value); }
}
