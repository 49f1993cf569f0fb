using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Payload of an <c>init</c> task.
/// </summary>
public sealed class PackageInitTaskSpec
{
    /// <summary>Directory of a subpackage to initialise instead of the root (<c>subpackage</c>).</summary>
    public string? Subpackage { get; set; }

    /// <summary>Short description of the package (<c>description</c>).</summary>
    public string? Description { get; set; }

    /// <summary>Keywords (<c>keywords</c>).</summary>
    [JsonIgnore]
    public List<string> Keywords { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("keywords")]
    internal List<string>? KeywordsJson { get => OmitEmpty.List(Keywords); set => Keywords = OmitEmpty.FromList(value); }

    /// <summary>Link to a page about the package (<c>site</c>).</summary>
    public string? Site { get; set; }
}
