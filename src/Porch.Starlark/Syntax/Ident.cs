using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>An identifier use or binding; the resolver fills in <see cref="Scope"/> and <see cref="Index"/>.</summary>
internal sealed class Ident : Expr
{
    public Ident(Pos pos, string name)
        : base(pos)
    {
        Name = name;
    }

    public string Name { get; }

    public Scope Scope { get; set; }

    public int Index { get; set; }

    /// <summary>Gets or sets the constant value of a predeclared or universal name.</summary>
    public StarlarkValue? Value { get; set; }

    /// <summary>Gets or sets the resolver's binding (copied into Scope/Index when resolution finishes).</summary>
    public Binding? Binding { get; set; }

    public override StarlarkValue Eval(Frame fr)
    {
        StarlarkValue? v;
        switch (Scope)
        {
            case Scope.Local:
                v = fr.Locals[Index];
                break;
            case Scope.Global:
                v = fr.Module.Globals[Index];
                if (v is null)
                {
                    throw Unbound(fr, "global");
                }

                return v;
            case Scope.Cell:
                v = ((Cell)fr.Locals[Index]!).Value;
                break;
            case Scope.Free:
                v = fr.Free[Index].Value;
                break;
            default:
                return Value!;
        }

        return v ?? throw Unbound(fr, "local");
    }

    public void Assign(Frame fr, StarlarkValue v)
    {
        switch (Scope)
        {
            case Scope.Local:
                fr.Locals[Index] = v;
                break;
            case Scope.Global:
                fr.Module.Globals[Index] = v;
                break;
            case Scope.Cell:
                ((Cell)fr.Locals[Index]!).Value = v;
                break;
            default:
                fr.Free[Index].Value = v;
                break;
        }
    }

    private StarlarkError Unbound(Frame fr, string kind)
    {
        var e = new StarlarkError(kind + " variable " + Name + " referenced before assignment");
        e.Stamp(Pos, fr);
        return e;
    }
}
