using System.Text.Json.Serialization;

namespace Porch.Krm;

/// <summary>
/// The <c>metadata</c> of a <see cref="FunctionResultList"/>: the part of Kubernetes object metadata kpt and Porch fill
/// in (<c>name</c>), written as Go writes it (<c>creationTimestamp: null</c> included).
/// </summary>
public sealed class FunctionResultListMetadata
{
    /// <summary>The name (<c>name</c>), <c>fnresults</c> in kpt's results file; omitted when null.</summary>
    public string? Name { get; set; }

    /// <summary>The creation time (<c>creationTimestamp</c>); always written, null in kpt's and Porch's output.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? CreationTimestamp { get; set; }
}
