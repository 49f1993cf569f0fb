using System.Text.Json.Serialization;

namespace Porch.Krm;

/// <summary>
/// A file referred to by a result (kpt's <c>File</c>).
/// </summary>
public sealed class ResultFile
{
    /// <summary>Path relative to the package (<c>path</c>).</summary>
    public string? Path { get; set; }

    /// <summary>Index of the resource inside the file (<c>index</c>); omitted when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Index { get; set; }
}
