namespace Porch.Starlark;

/// <summary>
/// The implementation of a host-provided builtin function. Throw any exception to fail the Starlark
/// computation: its message becomes the Starlark error <c>"name: message"</c>, reported at the call site.
/// </summary>
/// <param name="arguments">The call's arguments.</param>
/// <returns>The result; return <see cref="StarlarkNone.Instance"/> for no result.</returns>
public delegate StarlarkValue StarlarkBuiltinFunction(StarlarkArguments arguments);
