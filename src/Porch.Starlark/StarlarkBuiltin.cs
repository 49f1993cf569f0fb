using System.Runtime.CompilerServices;
using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// A function or bound method implemented by the interpreter or the host (type <c>builtin_function_or_method</c>).
/// Hosts create one with a <see cref="StarlarkBuiltinFunction"/> delegate and pass it as a predeclared value.
/// </summary>
public sealed class StarlarkBuiltin : StarlarkValue
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkBuiltin"/> class for a host function.</summary>
    /// <param name="name">The name shown in errors and <c>repr</c>.</param>
    /// <param name="function">The implementation.</param>
    public StarlarkBuiltin(string name, StarlarkBuiltinFunction function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(function);
        Name = name;
        Impl = (thread, _, args, kwargs) => function(new StarlarkArguments(name, args, kwargs, thread));
        IsHost = true;
    }

    internal StarlarkBuiltin(string name, BuiltinImpl impl, StarlarkValue? receiver = null)
    {
        Name = name;
        Impl = impl;
        Receiver = receiver;
    }

    /// <summary>Gets the function name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string Type => "builtin_function_or_method";

    internal BuiltinImpl Impl { get; }

    internal StarlarkValue? Receiver { get; }

    internal bool IsHost { get; }

    internal override int HashValue() => RuntimeHelpers.GetHashCode(this);

    internal override void WriteRepr(ReprBuilder builder)
    {
        if (Receiver is null)
        {
            builder.Append("<built-in function " + Name + ">");
        }
        else
        {
            builder.Append("<built-in method " + Name + " of " + Receiver.Type + " value>");
        }
    }
}
