namespace Porch.Engine.Api;

/// <summary>
/// A list of <see cref="PorchPackage"/> objects; its kind is <c>PackageList</c>.
/// </summary>
public sealed class PorchPackageList
{
    /// <summary>The API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; } = PorchApi.ApiVersion;

    /// <summary>The kind (<c>kind</c>): <c>PackageList</c>.</summary>
    public string? Kind { get; set; } = PorchApi.PorchPackageListKind;

    /// <summary>List metadata (<c>metadata</c>).</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items (<c>items</c>); always written.</summary>
    public List<PorchPackage> Items { get; set; } = [];
}
