using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>
/// An upstream package revision and the downstream targets where a variant of it should exist
/// (<c>config.porch.kpt.dev/v1alpha2</c>): the controller keeps one <see cref="PackageVariant"/> per target.
/// </summary>
public sealed class PackageVariantSet
{
    /// <summary>The apiVersion, <c>config.porch.kpt.dev/v1alpha2</c>.</summary>
    public string? ApiVersion { get; set; } = PackageVariantApi.PackageVariantSetApiVersion;

    /// <summary>The kind, <c>PackageVariantSet</c>.</summary>
    public string? Kind { get; set; } = PackageVariantApi.PackageVariantSetKind;

    /// <summary>The object's metadata.</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    public PackageVariantSetSpec Spec { get; set; } = new();

    /// <summary>The observed state.</summary>
    public PackageVariantSetStatus Status { get; set; } = new();
}
