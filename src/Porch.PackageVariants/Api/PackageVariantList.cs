using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>A list of <see cref="PackageVariant"/>s.</summary>
public sealed class PackageVariantList
{
    /// <summary>The apiVersion.</summary>
    public string? ApiVersion { get; set; } = PackageVariantApi.PackageVariantApiVersion;

    /// <summary>The kind, <c>PackageVariantList</c>.</summary>
    public string? Kind { get; set; } = PackageVariantApi.PackageVariantListKind;

    /// <summary>The list's metadata.</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items.</summary>
    public List<PackageVariant> Items { get; set; } = [];
}
