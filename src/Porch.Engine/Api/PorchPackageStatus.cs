using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The <c>status</c> of a <see cref="PorchPackage"/>.
/// </summary>
public sealed class PorchPackageStatus
{
    /// <summary>The highest published revision number (<c>latestRevision</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LatestRevision { get; set; }
}
