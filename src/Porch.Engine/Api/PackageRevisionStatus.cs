using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// The <c>status</c> of a <see cref="PackageRevision"/>.
/// </summary>
public sealed class PackageRevisionStatus
{
    /// <summary>Where the package was cloned from (<c>upstreamLock</c>).</summary>
    public Locator? UpstreamLock { get; set; }

    /// <summary>Where this revision's content lives (<c>selfLock</c>).</summary>
    public Locator? SelfLock { get; set; }

    /// <summary>Identity of the approver (<c>publishedBy</c>).</summary>
    public string? PublishedBy { get; set; }

    /// <summary>When the revision was approved (<c>publishTimestamp</c>); written as <c>null</c> when unset, as Go does.</summary>
    [JsonPropertyName("publishTimestamp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Whether the revision lives in a deployment repository (<c>deployment</c>); omitted when false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Deployment { get; set; }

    /// <summary>Conditions read from the Kptfile status (<c>conditions</c>).</summary>
    [JsonIgnore]
    public List<Condition> Conditions { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("conditions")]
    internal List<Condition>? ConditionsJson { get => OmitEmpty.List(Conditions); set => Conditions = OmitEmpty.FromList(value); }
}
