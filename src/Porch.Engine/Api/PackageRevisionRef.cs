using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A reference to a PackageRevision by name.
/// </summary>
public sealed class PackageRevisionRef
{
    /// <summary>The PackageRevision name (<c>name</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Name { get; set; } = "";
}
