using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// A package in an external git repository. All fields are always written, as in Go.
/// </summary>
public sealed class GitPackage
{
    /// <summary>Repository address (<c>repo</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Repo { get; set; } = "";

    /// <summary>Branch, tag or commit (<c>ref</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Ref { get; set; } = "";

    /// <summary>Package directory inside the repository (<c>directory</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Directory { get; set; } = "";

    /// <summary>Credentials secret (<c>secretRef</c>).</summary>
    public SecretRef SecretRef { get; set; } = new();
}
