namespace Porch.Engine.Api;

/// <summary>
/// A list of package revisions (kind <c>PackageRevisionList</c>).
/// </summary>
public sealed class PackageRevisionList
{
    /// <summary>The API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; } = PorchApi.ApiVersion;

    /// <summary>The kind (<c>kind</c>).</summary>
    public string? Kind { get; set; } = PorchApi.PackageRevisionListKind;

    /// <summary>List metadata (<c>metadata</c>).</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items (<c>items</c>); always written.</summary>
    public List<PackageRevision> Items { get; set; } = [];
}
