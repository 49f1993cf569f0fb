using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>An expression evaluated for its effect.</summary>
internal sealed class ExprStmt : Stmt
{
    public ExprStmt(Pos pos, Expr x)
        : base(pos)
    {
        X = x;
    }

    public Expr X { get; }

    public override Flow Exec(Frame fr)
    {
        X.Eval(fr);
        return Flow.Normal;
    }
}

/// <summary>An assignment <c>lhs = rhs</c>.</summary>
internal sealed class AssignStmt : Stmt
{
    public AssignStmt(Pos pos, Expr lhs, Expr rhs)
        : base(pos)
    {
        Lhs = lhs;
        Rhs = rhs;
    }

    public Expr Lhs { get; }

    public Expr Rhs { get; }

    public override Flow Exec(Frame fr)
    {
        var v = Rhs.Eval(fr);
        if (Lhs is Ident id)
        {
            id.Assign(fr, v);
        }
        else
        {
            Assignment.Assign(Lhs, v, fr);
        }

        return Flow.Normal;
    }
}

/// <summary>An augmented assignment <c>lhs op= rhs</c>; <see cref="Node.Pos"/> is the operator.</summary>
internal sealed class AugAssignStmt : Stmt
{
    public AugAssignStmt(Pos pos, TokenKind op, Expr lhs, Expr rhs)
        : base(pos)
    {
        Op = op;
        Lhs = lhs;
        Rhs = rhs;
    }

    /// <summary>Gets the binary operator (<c>+</c> for <c>+=</c>).</summary>
    public TokenKind Op { get; }

    public Expr Lhs { get; }

    public Expr Rhs { get; }

    public override Flow Exec(Frame fr)
    {
        switch (Lhs)
        {
            case Ident id:
            {
                var old = id.Eval(fr);
                var y = Rhs.Eval(fr);
                id.Assign(fr, Apply(old, y, fr));
                break;
            }

            case IndexExpr ix:
            {
                var x = ix.X.Eval(fr);
                var i = ix.Index.Eval(fr);
                StarlarkValue old;
                try
                {
                    old = Ops.Index(x, i);
                }
                catch (StarlarkError e) when (e.Stamp(ix.Pos, fr))
                {
                    throw;
                }

                var y = Rhs.Eval(fr);
                var nv = Apply(old, y, fr);
                try
                {
                    Ops.SetIndex(x, i, nv);
                }
                catch (StarlarkError e) when (e.Stamp(ix.Pos, fr))
                {
                    throw;
                }

                break;
            }

            default:
            {
                var dot = (DotExpr)Lhs;
                var x = dot.X.Eval(fr);
                StarlarkValue old;
                try
                {
                    old = Ops.GetAttr(x, dot.Name);
                }
                catch (StarlarkError e) when (e.Stamp(dot.Pos, fr))
                {
                    throw;
                }

                Assignment.Assign(Lhs, Apply(old, Rhs.Eval(fr), fr), fr);
                break;
            }
        }

        return Flow.Normal;
    }

    private StarlarkValue Apply(StarlarkValue x, StarlarkValue y, Frame fr)
    {
        try
        {
            // As go.starlark.net's INPLACE_ADD: list += iterable extends in place; a non-iterable right operand falls
            // back to list + y (which a host value may define).
            if (Op == TokenKind.Plus && x is StarlarkList list && (y is StarlarkList || Ops.Iterate(y) is not null))
            {
                list.CheckMutable("apply += to");
                var items = y is StarlarkList yl ? yl.Items.ToArray() : (IEnumerable<StarlarkValue>?)Ops.Iterate(y) ?? throw new StarlarkError("unknown binary op: list + " + y.Type);
                fr.Thread.Charge(8L * Ops.Len(y));
                list.Items.AddRange(items);
                return list;
            }

            if (Op == TokenKind.Pipe && x is StarlarkDict dict && y is StarlarkDict yd)
            {
                // go.starlark.net's INPLACE_PIPE: dict |= dict updates the left operand in place (aliases see it).
                dict.Table.CheckMutable("apply |= to");
                fr.Thread.Charge(16L * yd.Count);
                foreach (var (k, v) in yd.ToList())
                {
                    dict.Table.InsertUnchecked(k, v);
                }

                return dict;
            }

            if (x is StarlarkSet set && y is StarlarkSet ys && Op is TokenKind.Pipe or TokenKind.Amp or TokenKind.Caret or TokenKind.Minus)
            {
                // The text of go.starlark.net's in-place |= of a frozen dict.
                set.Table.CheckMutable("apply " + TokenText.Symbol(Op) + "= to");
                var result = (StarlarkSet)Ops.Binary(Op, set, ys, fr.Thread);
                set.Table.Clear();
                foreach (var k in result.Table.KeyList())
                {
                    set.Table.Insert(k, StarlarkNone.Instance);
                }

                return set;
            }

            return Ops.Binary(Op, x, y, fr.Thread);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }
}

/// <summary>A <c>def</c> statement.</summary>
internal sealed class DefStmt : Stmt
{
    public DefStmt(Pos pos, Ident name, FunctionDef def)
        : base(pos)
    {
        Name = name;
        Def = def;
    }

    public Ident Name { get; }

    public FunctionDef Def { get; }

    public override Flow Exec(Frame fr)
    {
        Name.Assign(fr, StarlarkFunction.Create(Def, fr));
        return Flow.Normal;
    }
}

/// <summary>An <c>if</c>/<c>elif</c>/<c>else</c> statement (elif is a nested if in the else branch).</summary>
internal sealed class IfStmt : Stmt
{
    public IfStmt(Pos pos, Expr cond, Stmt[] then, Stmt[] otherwise)
        : base(pos)
    {
        Cond = cond;
        Then = then;
        Else = otherwise;
    }

    public Expr Cond { get; }

    public Stmt[] Then { get; }

    public Stmt[] Else { get; }

    public override Flow Exec(Frame fr) => ExecBlock(Cond.Eval(fr).Truth ? Then : Else, fr);
}

/// <summary>A <c>for</c> loop.</summary>
internal sealed class ForStmt : Stmt
{
    public ForStmt(Pos pos, Expr vars, Expr x, Stmt[] body)
        : base(pos)
    {
        Vars = vars;
        X = x;
        Body = body;
    }

    public Expr Vars { get; }

    public Expr X { get; }

    public Stmt[] Body { get; }

    public override Flow Exec(Frame fr)
    {
        var thread = fr.Thread;
        var x = X.Eval(fr);
        switch (x)
        {
            case StarlarkList list:
                list.Iterators++;
                try
                {
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        thread.Step();
                        Assign(list.Items[i], fr);
                        var flow = ExecBlock(Body, fr);
                        if (flow == Flow.Break)
                        {
                            break;
                        }

                        if (flow == Flow.Return)
                        {
                            return flow;
                        }
                    }
                }
                finally
                {
                    list.Iterators--;
                }

                return Flow.Normal;
            case StarlarkTuple tuple:
                foreach (var item in tuple.Items)
                {
                    thread.Step();
                    Assign(item, fr);
                    var flow = ExecBlock(Body, fr);
                    if (flow == Flow.Break)
                    {
                        break;
                    }

                    if (flow == Flow.Return)
                    {
                        return flow;
                    }
                }

                return Flow.Normal;
        }

        IEnumerable<StarlarkValue> items;
        try
        {
            items = Ops.Iterate(x) ?? throw new StarlarkError(x.Type + " value is not iterable");
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }

        foreach (var item in items)
        {
            thread.Step();
            Assign(item, fr);
            var flow = ExecBlock(Body, fr);
            if (flow == Flow.Break)
            {
                break;
            }

            if (flow == Flow.Return)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private void Assign(StarlarkValue v, Frame fr)
    {
        if (Vars is Ident id)
        {
            id.Assign(fr, v);
        }
        else
        {
            Assignment.Assign(Vars, v, fr);
        }
    }
}

/// <summary>A <c>while</c> loop (requires <see cref="StarlarkOptions.AllowRecursion"/>).</summary>
internal sealed class WhileStmt : Stmt
{
    public WhileStmt(Pos pos, Expr cond, Stmt[] body)
        : base(pos)
    {
        Cond = cond;
        Body = body;
    }

    public Expr Cond { get; }

    public Stmt[] Body { get; }

    public override Flow Exec(Frame fr)
    {
        var thread = fr.Thread;
        while (Cond.Eval(fr).Truth)
        {
            thread.Step();
            var flow = ExecBlock(Body, fr);
            if (flow == Flow.Break)
            {
                break;
            }

            if (flow == Flow.Return)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }
}

/// <summary>A <c>return</c> statement.</summary>
internal sealed class ReturnStmt : Stmt
{
    public ReturnStmt(Pos pos, Expr? x)
        : base(pos)
    {
        X = x;
    }

    public Expr? X { get; }

    public override Flow Exec(Frame fr)
    {
        fr.Result = X is null ? StarlarkNone.Instance : X.Eval(fr);
        return Flow.Return;
    }
}

/// <summary>A <c>break</c>, <c>continue</c> or <c>pass</c> statement.</summary>
internal sealed class BranchStmt : Stmt
{
    public BranchStmt(Pos pos, TokenKind kind)
        : base(pos)
    {
        Kind = kind;
    }

    public TokenKind Kind { get; }

    public override Flow Exec(Frame fr) => Kind switch
    {
        TokenKind.Break => Flow.Break,
        TokenKind.Continue => Flow.Continue,
        _ => Flow.Normal,
    };
}

/// <summary>A <c>load("module", "x", y="z")</c> statement.</summary>
internal sealed class LoadStmt : Stmt
{
    public LoadStmt(Pos pos, string module, List<(Ident Local, string Original, Pos Pos)> names)
        : base(pos)
    {
        Module = module;
        Names = names;
    }

    public string Module { get; }

    public List<(Ident Local, string Original, Pos Pos)> Names { get; }

    public override Flow Exec(Frame fr)
    {
        var module = fr.Thread.LoadModule(Module);
        foreach (var (local, original, _) in Names)
        {
            if (!module.TryGetValue(original, out var v))
            {
                var nearest = Runtime.Spelling.Nearest(original, module.Keys);
                throw new StarlarkError("load: name " + original + " not found in module " + Module + (nearest is null ? string.Empty : " (did you mean " + nearest + "?)"));
            }

            local.Assign(fr, v);
        }

        return Flow.Normal;
    }
}
