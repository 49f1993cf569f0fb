using System.Text.Json.Serialization;

namespace Porch.Krm;

/// <summary>
/// The structured result of one function (kpt's <c>Result</c>).
/// </summary>
public sealed class FunctionResult
{
    /// <summary>The function image (<c>image</c>).</summary>
    public string? Image { get; set; }

    /// <summary>The executable path, exclusive with <see cref="Image"/> (<c>exec</c>).</summary>
    [JsonPropertyName("exec")]
    public string? ExecPath { get; set; }

    /// <summary>The function's stderr (<c>stderr</c>).</summary>
    public string? Stderr { get; set; }

    /// <summary>The function's exit code (<c>exitCode</c>); always written.</summary>
    public int ExitCode { get; set; }

    /// <summary>The function's results (<c>results</c>).</summary>
    [JsonIgnore]
    public List<ResultItem> Results { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("results")]
    internal List<ResultItem>? ResultsJson { get => OmitEmpty.List(Results); set => Results = OmitEmpty.FromList(value); }
}
