using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// Payload of a <c>clone</c> task.
/// </summary>
public sealed class PackageCloneTaskSpec
{
    /// <summary>The upstream to clone (<c>upstreamRef</c>); always written, as in Go.</summary>
    [JsonPropertyName("upstreamRef")]
    public UpstreamPackage Upstream { get; set; } = new();
}
