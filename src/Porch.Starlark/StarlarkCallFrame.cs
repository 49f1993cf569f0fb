namespace Porch.Starlark;

/// <summary>One active call in a Starlark backtrace.</summary>
/// <param name="FunctionName">The function name, or <c>&lt;toplevel&gt;</c> for module code.</param>
/// <param name="Position">The position being executed in that function.</param>
public readonly record struct StarlarkCallFrame(string FunctionName, StarlarkPosition Position);
