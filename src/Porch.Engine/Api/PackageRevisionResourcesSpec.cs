using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// The <c>spec</c> of <see cref="PackageRevisionResources"/>.
/// </summary>
public sealed class PackageRevisionResourcesSpec
{
    /// <summary>Package path inside the repository (<c>packageName</c>).</summary>
    public string? PackageName { get; set; }

    /// <summary>Workspace name (<c>workspaceName</c>).</summary>
    public string? WorkspaceName { get; set; }

    /// <summary>Revision number (<c>revision</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Revision { get; set; }

    /// <summary>Repository name (<c>repository</c>).</summary>
    public string? Repository { get; set; }

    /// <summary>
    /// Files keyed by path relative to the package root, with their full text (<c>resources</c>); includes non-YAML
    /// files and files of nested packages. Written in ordinal key order.
    /// </summary>
    [JsonIgnore]
    public Dictionary<string, string> Resources { get; set; } = OmitEmpty.NewMap();

    [JsonInclude]
    [JsonPropertyName("resources")]
    internal SortedDictionary<string, string>? ResourcesJson { get => OmitEmpty.Map(Resources); set => Resources = OmitEmpty.FromMap(value); }
}
