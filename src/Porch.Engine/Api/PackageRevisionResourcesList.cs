namespace Porch.Engine.Api;

/// <summary>
/// A list of <see cref="PackageRevisionResources"/> (kind <c>PackageRevisionResourcesList</c>).
/// </summary>
public sealed class PackageRevisionResourcesList
{
    /// <summary>The API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; } = PorchApi.ApiVersion;

    /// <summary>The kind (<c>kind</c>).</summary>
    public string? Kind { get; set; } = PorchApi.PackageRevisionResourcesListKind;

    /// <summary>List metadata (<c>metadata</c>).</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items (<c>items</c>); always written.</summary>
    public List<PackageRevisionResources> Items { get; set; } = [];
}
