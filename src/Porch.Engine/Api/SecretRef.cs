using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A reference to a secret in the same namespace.
/// </summary>
public sealed class SecretRef
{
    /// <summary>Secret name (<c>name</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Name { get; set; } = "";
}
