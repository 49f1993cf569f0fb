using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A package stored as an OCI image.
/// </summary>
public sealed class OciPackage
{
    /// <summary>Image address (<c>image</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Image { get; set; } = "";
}
