using System.Text.Json.Serialization;

namespace Porch.Krm;

/// <summary>
/// kpt's <c>FunctionResultList</c>: aggregated results of the functions of a render.
/// </summary>
/// <remarks>
/// Porch leaves <see cref="ApiVersion"/> and <see cref="Kind"/> empty in <c>renderStatus.result</c>, so they default to
/// <see langword="null"/> (omitted) here.
/// </remarks>
public sealed class FunctionResultList
{
    /// <summary>kpt's API version of the list: <c>kpt.dev/v1</c>.</summary>
    public const string KptApiVersion = "kpt.dev/v1";

    /// <summary>kpt's kind of the list: <c>FunctionResultList</c>.</summary>
    public const string KptKind = "FunctionResultList";

    /// <summary>The API version (<c>apiVersion</c>), normally <c>kpt.dev/v1</c> when set.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>The kind (<c>kind</c>), normally <c>FunctionResultList</c> when set.</summary>
    public string? Kind { get; set; }

    /// <summary>Object metadata (<c>metadata</c>); always written.</summary>
    public FunctionResultListMetadata Metadata { get; set; } = new();

    /// <summary>The exit code of the pipeline (<c>exitCode</c>); always written.</summary>
    public int ExitCode { get; set; }

    /// <summary>One result per function (<c>items</c>).</summary>
    [JsonIgnore]
    public List<FunctionResult> Items { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("items")]
    internal List<FunctionResult>? ItemsJson { get => OmitEmpty.List(Items); set => Items = OmitEmpty.FromList(value); }
}
