using System.Globalization;
using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>Assignment to targets: names, <c>x[i]</c>, <c>x.f</c> and (nested) tuple/list patterns.</summary>
internal static class Assignment
{
    public static void Assign(Expr target, StarlarkValue v, Frame fr)
    {
        switch (target)
        {
            case Ident id:
                id.Assign(fr, v);
                return;
            case IndexExpr ix:
            {
                var x = ix.X.Eval(fr);
                var i = ix.Index.Eval(fr);
                try
                {
                    Ops.SetIndex(x, i, v);
                }
                catch (StarlarkError e) when (e.Stamp(ix.Pos, fr))
                {
                    throw;
                }

                return;
            }

            case DotExpr dot:
            {
                var x = dot.X.Eval(fr);
                if (x is StarlarkHostValue host)
                {
                    try
                    {
                        host.SetField(dot.Name, v);
                    }
                    catch (StarlarkError he) when (he.Stamp(dot.Pos, fr))
                    {
                        throw;
                    }

                    return;
                }

                var e = new StarlarkError("can't assign to ." + dot.Name + " field of " + x.Type);
                e.Stamp(dot.Pos, fr);
                throw e;
            }

            case TupleExpr t:
                Unpack(t.Items, v, fr, target.Pos);
                return;
            case ListExpr l:
                Unpack(l.Items, v, fr, target.Pos);
                return;
            default:
                throw new StarlarkError("can't assign to " + target.GetType().Name);
        }
    }

    private static void Unpack(Expr[] targets, StarlarkValue v, Frame fr, Pos pos)
    {
        try
        {
            StarlarkValue[] items = v switch
            {
                StarlarkTuple t => t.Items,
                StarlarkList l => l.Items.ToArray(),
                StarlarkString or StarlarkBytes => throw new StarlarkError("got " + v.Type + " in sequence assignment"),
                _ => (Ops.Iterate(v) ?? throw new StarlarkError("got " + v.Type + " in sequence assignment")).ToArray(),
            };
            if (items.Length != targets.Length)
            {
                throw new StarlarkError((items.Length > targets.Length ? "too many" : "too few") + " values to unpack (got " +
                    items.Length.ToString(CultureInfo.InvariantCulture) + ", want " + targets.Length.ToString(CultureInfo.InvariantCulture) + ")");
            }

            for (var i = 0; i < items.Length; i++)
            {
                Assign(targets[i], items[i], fr);
            }
        }
        catch (StarlarkError e) when (e.Stamp(pos, fr))
        {
            throw;
        }
    }
}
