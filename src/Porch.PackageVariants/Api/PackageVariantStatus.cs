using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>The observed state of a <see cref="PackageVariant"/>.</summary>
public sealed class PackageVariantStatus
{
    /// <summary>The reconciliation state (<c>Stalled</c>, <c>Ready</c>).</summary>
    public List<KubernetesCondition>? Conditions { get; set; }

    /// <summary>The downstream package revisions the variant created or adopted.</summary>
    public List<DownstreamTarget>? DownstreamTargets { get; set; }
}
