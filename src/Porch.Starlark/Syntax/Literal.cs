using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>An int, float, string or bytes literal.</summary>
internal sealed class Literal : Expr
{
    public Literal(Pos pos, StarlarkValue value)
        : base(pos)
    {
        Value = value;
    }

    public StarlarkValue Value { get; }

    public override StarlarkValue Eval(Frame fr) => Value;
}
