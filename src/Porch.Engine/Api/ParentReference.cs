using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// Deprecated reference to a parent package revision (<c>spec.parent</c>).
/// </summary>
public sealed class ParentReference
{
    /// <summary>The parent PackageRevision name (<c>name</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Name { get; set; } = "";
}
