namespace Porch.PackageVariants.Api;

/// <summary>The desired state of a <see cref="PackageVariantSet"/>.</summary>
public sealed class PackageVariantSetSpec
{
    /// <summary>The upstream package revision of every variant.</summary>
    public Upstream? Upstream { get; set; }

    /// <summary>The targets; each makes one or more variants.</summary>
    public List<PackageVariantSetTarget>? Targets { get; set; }
}
