using System.Text.Json.Serialization;

namespace Porch.Krm.Merge;

/// <summary>
/// The merge strategy of an upgrade task (<c>strategy</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PackageMergeStrategy>))]
public enum PackageMergeStrategy
{
    /// <summary><c>resource-merge</c> (Porch's default): structural three-way merge.</summary>
    [JsonStringEnumMemberName("resource-merge")]
    ResourceMerge,

    /// <summary><c>fast-forward</c>: fail if the local package was modified.</summary>
    [JsonStringEnumMemberName("fast-forward")]
    FastForward,

    /// <summary><c>force-delete-replace</c>: drop local changes and take the new upstream.</summary>
    [JsonStringEnumMemberName("force-delete-replace")]
    ForceDeleteReplace,

    /// <summary><c>copy-merge</c>: copy all upstream changes onto the local package.</summary>
    [JsonStringEnumMemberName("copy-merge")]
    CopyMerge,
}
