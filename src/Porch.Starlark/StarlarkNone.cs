using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>The Starlark <c>None</c> value (type <c>NoneType</c>).</summary>
public sealed class StarlarkNone : StarlarkValue
{
    private StarlarkNone()
    {
    }

    /// <summary>Gets the single <c>None</c> value.</summary>
    public static StarlarkNone Instance { get; } = new();

    /// <inheritdoc/>
    public override string Type => "NoneType";

    /// <inheritdoc/>
    public override bool Truth => false;

    internal override void WriteRepr(ReprBuilder builder) => builder.Append("None");

    internal override int HashValue() => 0x4e6f6e65;
}
