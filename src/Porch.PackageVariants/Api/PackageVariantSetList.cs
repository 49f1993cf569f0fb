using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>A list of <see cref="PackageVariantSet"/>s.</summary>
public sealed class PackageVariantSetList
{
    /// <summary>The apiVersion.</summary>
    public string? ApiVersion { get; set; } = PackageVariantApi.PackageVariantSetApiVersion;

    /// <summary>The kind, <c>PackageVariantSetList</c>.</summary>
    public string? Kind { get; set; } = PackageVariantApi.PackageVariantSetListKind;

    /// <summary>The list's metadata.</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items.</summary>
    public List<PackageVariantSet> Items { get; set; } = [];
}
