namespace Porch.Starlark;

/// <summary>
/// The program could not be scanned, parsed or resolved. <see cref="Exception.Message"/> lists every error
/// as <c>file:line:column: message</c>, one per line.
/// </summary>
public sealed class StarlarkSyntaxException : StarlarkException
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkSyntaxException"/> class.</summary>
    /// <param name="errors">The errors, at least one.</param>
    public StarlarkSyntaxException(IReadOnlyList<StarlarkDiagnostic> errors)
        : base(string.Join("\n", errors ?? throw new ArgumentNullException(nameof(errors))))
    {
        Errors = errors;
    }

    /// <summary>Gets the errors in source order.</summary>
    public IReadOnlyList<StarlarkDiagnostic> Errors { get; }
}
