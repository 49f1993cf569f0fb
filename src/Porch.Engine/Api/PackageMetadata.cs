using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Labels and annotations of the package, mirrored from the Kptfile (<c>spec.packageMetadata</c>).
/// </summary>
public sealed class PackageMetadata
{
    /// <summary>Kptfile labels (<c>labels</c>).</summary>
    [JsonIgnore]
    public Dictionary<string, string> Labels { get; set; } = OmitEmpty.NewMap();

    [JsonInclude]
    [JsonPropertyName("labels")]
    internal SortedDictionary<string, string>? LabelsJson { get => OmitEmpty.Map(Labels); set => Labels = OmitEmpty.FromMap(value); }

    /// <summary>Kptfile annotations (<c>annotations</c>).</summary>
    [JsonIgnore]
    public Dictionary<string, string> Annotations { get; set; } = OmitEmpty.NewMap();

    [JsonInclude]
    [JsonPropertyName("annotations")]
    internal SortedDictionary<string, string>? AnnotationsJson { get => OmitEmpty.Map(Annotations); set => Annotations = OmitEmpty.FromMap(value); }
}
