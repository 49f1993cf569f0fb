using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The status of a condition: <c>True</c>, <c>False</c> or <c>Unknown</c>.
/// </summary>
/// <remarks>The default value is <see cref="Unknown"/>.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ConditionStatus>))]
public enum ConditionStatus
{
    /// <summary><c>Unknown</c>.</summary>
    Unknown,

    /// <summary><c>True</c>.</summary>
    True,

    /// <summary><c>False</c>.</summary>
    False,
}
