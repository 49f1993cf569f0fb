using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The kind of repository (<c>git</c> or <c>oci</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RepositoryType>))]
public enum RepositoryType
{
    /// <summary><c>git</c>.</summary>
    [JsonStringEnumMemberName("git")]
    Git,

    /// <summary><c>oci</c>.</summary>
    [JsonStringEnumMemberName("oci")]
    Oci,
}
