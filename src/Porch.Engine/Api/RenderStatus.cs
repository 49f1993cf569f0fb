using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// The result of rendering a package: kpt's function result list and the error text.
/// </summary>
public sealed class RenderStatus
{
    /// <summary>The function results (<c>result</c>); always written.</summary>
    public FunctionResultList Result { get; set; } = new();

    /// <summary>The render error, empty when rendering succeeded (<c>error</c>); always written.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Error { get; set; } = "";
}
