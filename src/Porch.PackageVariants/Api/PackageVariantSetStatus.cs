using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>The observed state of a <see cref="PackageVariantSet"/>.</summary>
public sealed class PackageVariantSetStatus
{
    /// <summary>The reconciliation state (<c>Stalled</c>, <c>Ready</c>).</summary>
    public List<KubernetesCondition>? Conditions { get; set; }
}
