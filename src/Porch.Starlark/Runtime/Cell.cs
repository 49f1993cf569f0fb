namespace Porch.Starlark.Runtime;

/// <summary>A variable shared between a function and the closures nested in it.</summary>
internal sealed class Cell : StarlarkValue
{
    public Cell(StarlarkValue? value) => Value = value;

    public StarlarkValue? Value { get; set; }

    public override string Type => "cell";

    internal override void WriteRepr(ReprBuilder builder) => builder.Append("<cell>");

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        if (Value is not null)
        {
            pending.Push(Value);
        }
    }
}
