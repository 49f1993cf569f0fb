using System.Text.Json.Serialization;
using Porch.Krm.Merge;

namespace Porch.Engine.Api;

/// <summary>
/// Payload of an <c>upgrade</c> task. The three references are always written, as in Go.
/// </summary>
public sealed class PackageUpgradeTaskSpec
{
    /// <summary>The common ancestor upstream revision (<c>oldUpstreamRef</c>).</summary>
    [JsonPropertyName("oldUpstreamRef")]
    public PackageRevisionRef OldUpstream { get; set; } = new();

    /// <summary>The upstream revision to upgrade to (<c>newUpstreamRef</c>).</summary>
    [JsonPropertyName("newUpstreamRef")]
    public PackageRevisionRef NewUpstream { get; set; } = new();

    /// <summary>The local revision carrying the local changes (<c>localPackageRevisionRef</c>).</summary>
    public PackageRevisionRef LocalPackageRevisionRef { get; set; } = new();

    /// <summary>The merge strategy (<c>strategy</c>); <see langword="null"/> means Porch's default, resource-merge.</summary>
    public PackageMergeStrategy? Strategy { get; set; }
}
