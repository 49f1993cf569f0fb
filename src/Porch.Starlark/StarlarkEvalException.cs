using System.Text;

namespace Porch.Starlark;

/// <summary>
/// A dynamic error while executing Starlark code, including <c>fail()</c> and exhausted budgets.
/// <see cref="Exception.Message"/> is <c>file:line:column: message</c>.
/// </summary>
public sealed class StarlarkEvalException : StarlarkException
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkEvalException"/> class.</summary>
    /// <param name="kind">The kind of error.</param>
    /// <param name="errorMessage">The message without position.</param>
    /// <param name="callStack">The active calls, outermost first; the last one holds the error position.</param>
    /// <param name="builtinName">The builtin that failed, if the error arose inside one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public StarlarkEvalException(StarlarkErrorKind kind, string errorMessage, IReadOnlyList<StarlarkCallFrame> callStack, string? builtinName = null, Exception? innerException = null)
        : base(Format(errorMessage, callStack), innerException)
    {
        Kind = kind;
        ErrorMessage = errorMessage;
        CallStack = callStack;
        BuiltinName = builtinName;
    }

    /// <summary>Gets the kind of error; <see cref="StarlarkErrorKind.Fail"/> for <c>fail()</c>.</summary>
    public StarlarkErrorKind Kind { get; }

    /// <summary>Gets the message without position, for example <c>fail: oops</c>.</summary>
    public string ErrorMessage { get; }

    /// <summary>Gets the active calls at the time of the error, outermost first.</summary>
    public IReadOnlyList<StarlarkCallFrame> CallStack { get; }

    /// <summary>Gets the name of the builtin in which the error arose, if any.</summary>
    public string? BuiltinName { get; }

    /// <summary>Gets the position of the error (the innermost frame's position).</summary>
    public StarlarkPosition Position => CallStack.Count == 0 ? new StarlarkPosition("", 0, 0) : CallStack[^1].Position;

    /// <summary>Formats the error with its call stack, in the style of go.starlark.net's <c>EvalError.Backtrace</c>.</summary>
    /// <returns>A multi-line backtrace.</returns>
    public string Backtrace()
    {
        var sb = new StringBuilder();
        sb.Append("Traceback (most recent call last):\n");
        foreach (var frame in CallStack)
        {
            sb.Append("  ").Append(frame.Position.ToString()).Append(": in ").Append(frame.FunctionName).Append('\n');
        }

        sb.Append(BuiltinName is null ? "Error: " : "Error in " + BuiltinName + ": ").Append(ErrorMessage);
        return sb.ToString();
    }

    private static string Format(string message, IReadOnlyList<StarlarkCallFrame> callStack)
    {
        ArgumentNullException.ThrowIfNull(callStack);
        return callStack.Count == 0 ? message : callStack[^1].Position + ": " + message;
    }
}
