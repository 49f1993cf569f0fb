using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The type of a package revision task (<c>type</c>), serialised in lower case.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskType>))]
public enum TaskType
{
    /// <summary><c>init</c>: create a new package.</summary>
    [JsonStringEnumMemberName("init")]
    Init,

    /// <summary><c>clone</c>: clone an upstream package.</summary>
    [JsonStringEnumMemberName("clone")]
    Clone,

    /// <summary><c>edit</c>: copy another revision of the same package (the API form of "copy").</summary>
    [JsonStringEnumMemberName("edit")]
    Edit,

    /// <summary><c>upgrade</c>: three-way merge onto a new upstream revision.</summary>
    [JsonStringEnumMemberName("upgrade")]
    Upgrade,

    /// <summary><c>render</c>: internal, appears only in commit annotations.</summary>
    [JsonStringEnumMemberName("render")]
    Render,

    /// <summary><c>push</c>: internal, appears only in commit annotations.</summary>
    [JsonStringEnumMemberName("push")]
    Push,
}
