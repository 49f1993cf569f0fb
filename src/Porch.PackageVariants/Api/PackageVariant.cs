using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>
/// An upstream and downstream package pair (<c>config.porch.kpt.dev/v1alpha1</c>): the controller keeps a downstream
/// package revision cloned from the upstream revision, upgraded when it changes, and edited as the spec says.
/// </summary>
public sealed class PackageVariant
{
    /// <summary>The apiVersion, <c>config.porch.kpt.dev/v1alpha1</c>.</summary>
    public string? ApiVersion { get; set; } = PackageVariantApi.PackageVariantApiVersion;

    /// <summary>The kind, <c>PackageVariant</c>.</summary>
    public string? Kind { get; set; } = PackageVariantApi.PackageVariantKind;

    /// <summary>The object's metadata.</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    public PackageVariantSpec Spec { get; set; } = new();

    /// <summary>The observed state.</summary>
    public PackageVariantStatus Status { get; set; } = new();
}
