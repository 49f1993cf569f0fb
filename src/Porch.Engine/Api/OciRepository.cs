using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The OCI details of a repository (<c>spec.oci</c>).
/// </summary>
public sealed class OciRepository
{
    /// <summary>Registry address (<c>registry</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Registry { get; set; } = "";

    /// <summary>Credentials secret (<c>secretRef</c>); always written.</summary>
    public SecretRef SecretRef { get; set; } = new();
}
