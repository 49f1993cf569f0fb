using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>The kind of an argument in a call.</summary>
internal enum ArgKind
{
    Positional,
    Named,
    Star,
    StarStar,
}

/// <summary>One argument of a call: <c>x</c>, <c>name=x</c>, <c>*x</c> or <c>**x</c>.</summary>
internal sealed class Argument
{
    public Argument(Pos pos, ArgKind kind, string? name, Expr value)
    {
        Pos = pos;
        Kind = kind;
        Name = name;
        Value = value;
    }

    public Pos Pos { get; }

    public ArgKind Kind { get; }

    public string? Name { get; }

    public Expr Value { get; }
}

/// <summary>A call <c>f(args)</c>; <see cref="Node.Pos"/> is the opening parenthesis.</summary>
internal sealed class CallExpr : Expr
{
    private static readonly KeyValuePair<string, StarlarkValue>[] NoKwargs = Array.Empty<KeyValuePair<string, StarlarkValue>>();
    private readonly bool _allPositional;

    public CallExpr(Pos pos, Expr fn, List<Argument> args)
        : base(pos)
    {
        Fn = fn;
        Args = args.ToArray();
        _allPositional = Args.All(a => a.Kind == ArgKind.Positional);
    }

    public Expr Fn { get; }

    public Argument[] Args { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var thread = fr.Thread;
        StarlarkValue? receiver = null;
        BuiltinImpl? method = null;
        StarlarkValue callee;
        if (Fn is DotExpr dot)
        {
            receiver = dot.X.Eval(fr);
            method = receiver is StarlarkStruct ? null : MethodTable.Lookup(receiver, dot.Name);
            if (method is null)
            {
                try
                {
                    callee = Ops.GetAttr(receiver, dot.Name);
                }
                catch (StarlarkError e) when (e.Stamp(dot.Pos, fr))
                {
                    throw;
                }
            }
            else
            {
                callee = receiver;
            }
        }
        else
        {
            callee = Fn.Eval(fr);
        }

        if (method is null && callee is StarlarkFunction f && _allPositional && Args.Length <= f.Def.NumPositional)
        {
            var locals = new StarlarkValue?[f.Def.NumLocals];
            for (var i = 0; i < Args.Length; i++)
            {
                locals[i] = Args[i].Value.Eval(fr);
            }

            fr.Pos = Pos;
            try
            {
                return f.InvokePositional(thread, locals, Args.Length);
            }
            catch (StarlarkError e) when (e.Stamp(Pos, fr))
            {
                throw;
            }
        }

        StarlarkValue[] positional;
        KeyValuePair<string, StarlarkValue>[] named;
        if (_allPositional)
        {
            positional = Args.Length == 0 ? Array.Empty<StarlarkValue>() : new StarlarkValue[Args.Length];
            for (var i = 0; i < Args.Length; i++)
            {
                positional[i] = Args[i].Value.Eval(fr);
            }

            named = NoKwargs;
        }
        else
        {
            (positional, named) = EvalComplexArgs(fr);
        }

        fr.Pos = Pos;
        try
        {
            if (method is not null)
            {
                return Calls.CallBuiltin(thread, ((DotExpr)Fn).Name, method, receiver, positional, named);
            }

            return Calls.Call(thread, callee, positional, named);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }

    private (StarlarkValue[] Positional, KeyValuePair<string, StarlarkValue>[] Named) EvalComplexArgs(Frame fr)
    {
        var positional = new List<StarlarkValue>(Args.Length);
        var named = new List<KeyValuePair<string, StarlarkValue>>();
        foreach (var a in Args)
        {
            var v = a.Value.Eval(fr);
            try
            {
                switch (a.Kind)
                {
                    case ArgKind.Positional:
                        positional.Add(v);
                        break;
                    case ArgKind.Named:
                        named.Add(new KeyValuePair<string, StarlarkValue>(a.Name!, v));
                        break;
                    case ArgKind.Star:
                    {
                        var items = Ops.Iterate(v) ?? throw new StarlarkError("argument after * must be iterable, not " + v.Type);
                        foreach (var item in items)
                        {
                            positional.Add(item);
                        }

                        fr.Thread.Charge(8L * positional.Count);
                        break;
                    }

                    default:
                    {
                        if (v is not StarlarkDict d)
                        {
                            throw new StarlarkError("argument after ** must be a mapping, not " + v.Type);
                        }

                        foreach (var (k, kv) in d)
                        {
                            if (k is not StarlarkString ks)
                            {
                                throw new StarlarkError("keywords must be strings, not " + k.Type);
                            }

                            named.Add(new KeyValuePair<string, StarlarkValue>(ByteString.Decode(ks.Raw), kv));
                        }

                        break;
                    }
                }
            }
            catch (StarlarkError e) when (e.Stamp(a.Pos, fr))
            {
                throw;
            }
        }

        return (positional.ToArray(), named.ToArray());
    }
}
