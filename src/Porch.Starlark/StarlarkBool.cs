using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>A Starlark Boolean: <c>True</c> or <c>False</c>.</summary>
public sealed class StarlarkBool : StarlarkValue
{
    private StarlarkBool(bool value) => Value = value;

    /// <summary>Gets the <c>True</c> value.</summary>
    public static StarlarkBool True { get; } = new(true);

    /// <summary>Gets the <c>False</c> value.</summary>
    public static StarlarkBool False { get; } = new(false);

    /// <summary>Gets the .NET value.</summary>
    public bool Value { get; }

    /// <inheritdoc/>
    public override string Type => "bool";

    /// <inheritdoc/>
    public override bool Truth => Value;

    /// <summary>Returns <see cref="True"/> or <see cref="False"/>.</summary>
    /// <param name="value">The .NET Boolean.</param>
    /// <returns>The shared Starlark Boolean.</returns>
    public static StarlarkBool Of(bool value) => value ? True : False;

    internal override void WriteRepr(ReprBuilder builder) => builder.Append(Value ? "True" : "False");

    internal override int HashValue() => Value ? 1 : 0;
}
