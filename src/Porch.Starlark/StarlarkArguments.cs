namespace Porch.Starlark;

/// <summary>The arguments of a call to a host builtin (see <see cref="StarlarkBuiltinFunction"/>).</summary>
public sealed class StarlarkArguments
{
    internal StarlarkArguments(string functionName, IReadOnlyList<StarlarkValue> positional, IReadOnlyList<KeyValuePair<string, StarlarkValue>> named, StarlarkThread thread)
    {
        FunctionName = functionName;
        Positional = positional;
        Named = named;
        Thread = thread;
    }

    /// <summary>Gets the name of the called builtin.</summary>
    public string FunctionName { get; }

    /// <summary>Gets the positional arguments, in order.</summary>
    public IReadOnlyList<StarlarkValue> Positional { get; }

    /// <summary>Gets the keyword arguments, in call order.</summary>
    public IReadOnlyList<KeyValuePair<string, StarlarkValue>> Named { get; }

    /// <summary>Gets the thread running the call (for example to call back into Starlark).</summary>
    public StarlarkThread Thread { get; }

    /// <summary>Returns a keyword argument by name.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value, or null when absent.</returns>
    public StarlarkValue? GetNamed(string name)
    {
        foreach (var (k, v) in Named)
        {
            if (string.Equals(k, name, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }
}
