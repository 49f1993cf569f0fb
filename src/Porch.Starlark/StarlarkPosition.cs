namespace Porch.Starlark;

/// <summary>A position in a Starlark source file (1-based line and column).</summary>
/// <param name="File">The file (program) name.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public readonly record struct StarlarkPosition(string File, int Line, int Column)
{
    /// <summary>Formats the position as <c>file:line:column</c>.</summary>
    /// <returns>The formatted position.</returns>
    public override string ToString() => File + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Column.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
