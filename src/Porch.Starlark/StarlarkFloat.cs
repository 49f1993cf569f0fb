using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>A Starlark float: an IEEE 754 double-precision number.</summary>
public sealed class StarlarkFloat : StarlarkValue
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkFloat"/> class.</summary>
    /// <param name="value">The number.</param>
    public StarlarkFloat(double value) => Value = value;

    /// <summary>Gets the .NET value.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override string Type => "float";

    /// <inheritdoc/>
    public override bool Truth => Value != 0;

    internal override void WriteRepr(ReprBuilder builder) => builder.Append(NumberFormat.FormatFloat(Value, 'g'));

    internal override int HashValue() => Ops.HashFloat(Value);
}
