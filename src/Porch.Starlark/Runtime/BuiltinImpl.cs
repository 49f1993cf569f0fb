namespace Porch.Starlark.Runtime;

/// <summary>The internal calling convention of builtins and methods (no per-call argument object).</summary>
internal delegate StarlarkValue BuiltinImpl(StarlarkThread thread, StarlarkValue? receiver, StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs);
