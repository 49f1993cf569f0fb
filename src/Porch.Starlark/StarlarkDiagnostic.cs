namespace Porch.Starlark;

/// <summary>A syntax or resolution error at a position.</summary>
/// <param name="Position">Where the error was found.</param>
/// <param name="Message">The message without position, for example <c>undefined: x</c>.</param>
public readonly record struct StarlarkDiagnostic(StarlarkPosition Position, string Message)
{
    /// <summary>Formats the diagnostic as <c>file:line:column: message</c>.</summary>
    /// <returns>The formatted diagnostic.</returns>
    public override string ToString() => Position + ": " + Message;
}
