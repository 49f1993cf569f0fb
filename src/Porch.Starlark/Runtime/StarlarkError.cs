using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>
/// The internal carrier of a dynamic error. It is positioned (and its backtrace captured) by exception
/// filters in the evaluator while the Starlark frames are still live, then converted to
/// <see cref="StarlarkEvalException"/> at the public boundary.
/// </summary>
internal sealed class StarlarkError : Exception
{
    public StarlarkError(string message, StarlarkErrorKind kind = StarlarkErrorKind.Error)
        : base(message)
    {
        Text = message;
        Kind = kind;
    }

    public StarlarkError(string message, StarlarkErrorKind kind, Exception inner)
        : base(message, inner)
    {
        Text = message;
        Kind = kind;
    }

    public string Text { get; set; }

    public StarlarkErrorKind Kind { get; }

    public bool Positioned { get; private set; }

    public IReadOnlyList<StarlarkCallFrame>? Stack { get; private set; }

    public string? BuiltinName { get; set; }

    /// <summary>Records the error position and call stack once; always returns false (for use in filters).</summary>
    public bool Stamp(Pos pos, Frame frame)
    {
        if (!Positioned)
        {
            Positioned = true;
            Stack = frame.Backtrace(pos);
        }

        return false;
    }

    /// <summary>Carries on a failure of <see cref="StarlarkThread.Call"/> that a host builtin let pass, with its own stack.</summary>
    public static StarlarkError FromPublic(StarlarkEvalException e) =>
        new(e.ErrorMessage, e.Kind, e.InnerException ?? e) { Positioned = e.CallStack.Count > 0, Stack = e.CallStack.Count > 0 ? e.CallStack : null, BuiltinName = e.BuiltinName };

    public StarlarkEvalException ToPublic() =>
        new(Kind, Text, Stack ?? Array.Empty<StarlarkCallFrame>(), BuiltinName, InnerException);
}
