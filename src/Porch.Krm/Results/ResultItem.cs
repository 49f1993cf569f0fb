using System.Text.Json.Serialization;

namespace Porch.Krm;

/// <summary>
/// One validation or mutation result of a function (kpt's <c>ResultItem</c>).
/// </summary>
public sealed class ResultItem
{
    /// <summary>Human-readable message (<c>message</c>).</summary>
    public string? Message { get; set; }

    /// <summary>Severity: <c>error</c>, <c>warning</c> or <c>info</c> (<c>severity</c>).</summary>
    public string? Severity { get; set; }

    /// <summary>The resource the result refers to (<c>resourceRef</c>).</summary>
    public ResourceIdentifier? ResourceRef { get; set; }

    /// <summary>The field the result refers to (<c>field</c>).</summary>
    public ResultField? Field { get; set; }

    /// <summary>The file the result refers to (<c>file</c>).</summary>
    public ResultFile? File { get; set; }

    /// <summary>Free-form tags (<c>tags</c>).</summary>
    [JsonIgnore]
    public Dictionary<string, string> Tags { get; set; } = OmitEmpty.NewMap();

    [JsonInclude]
    [JsonPropertyName("tags")]
    internal SortedDictionary<string, string>? TagsJson { get => OmitEmpty.Map(Tags); set => Tags = OmitEmpty.FromMap(value); }
}
