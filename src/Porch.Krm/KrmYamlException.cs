namespace Porch.Krm;

/// <summary>A package file could not be read as YAML the way kpt reads it.</summary>
/// <remarks>The message starts with the file path and, where known, the 1-based line and column: <c>path:line:column: problem</c>.</remarks>
public sealed class KrmYamlException : KrmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The package-relative file path, or null when the text did not come from a file.</param>
    /// <param name="line">The 1-based line, or 0 when unknown.</param>
    /// <param name="column">The 1-based column, or 0 when unknown.</param>
    /// <param name="problem">What is wrong, in kpt's words where kpt has them.</param>
    /// <param name="innerException">The parser's own exception, if any.</param>
    public KrmYamlException(string? filePath, int line, int column, string problem, Exception? innerException = null)
        : base(Format(filePath, line, column, problem), innerException)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The package-relative file path, or null.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string? filePath, int line, int column, string problem)
    {
        var where = filePath ?? "<input>";
        if (line > 0)
        {
            where += ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (column > 0)
            {
                where += ":" + column.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return where + ": " + problem;
    }
}
