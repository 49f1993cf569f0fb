using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// The <c>status</c> of a <see cref="Repository"/>.
/// </summary>
public sealed class RepositoryStatus
{
    /// <summary>Conditions, for example <c>Ready</c> (<c>conditions</c>).</summary>
    [JsonIgnore]
    public List<KubernetesCondition> Conditions { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("conditions")]
    internal List<KubernetesCondition>? ConditionsJson { get => OmitEmpty.List(Conditions); set => Conditions = OmitEmpty.FromList(value); }

    /// <summary>The last successful full sync (<c>lastFullSyncTime</c>).</summary>
    public DateTimeOffset? LastFullSyncTime { get; set; }

    /// <summary>The generation last reconciled (<c>observedGeneration</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ObservedGeneration { get; set; }

    /// <summary>The last observed <c>spec.sync.runOnceAt</c> (<c>observedRunOnceAt</c>).</summary>
    public DateTimeOffset? ObservedRunOnceAt { get; set; }

    /// <summary>The number of package revisions discovered (<c>packageCount</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PackageCount { get; set; }

    /// <summary>The commit of the registered branch (<c>gitCommitHash</c>).</summary>
    public string? GitCommitHash { get; set; }

    /// <summary>When the next full sync is due (<c>nextFullSyncTime</c>).</summary>
    public DateTimeOffset? NextFullSyncTime { get; set; }
}
