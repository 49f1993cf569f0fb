using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>A tuple display <c>(a, b)</c> or an unparenthesized <c>a, b</c>.</summary>
internal sealed class TupleExpr : Expr
{
    public TupleExpr(Pos pos, List<Expr> items, bool parenthesized)
        : base(pos)
    {
        Items = items.ToArray();
        Parenthesized = parenthesized;
    }

    public Expr[] Items { get; }

    public bool Parenthesized { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        if (Items.Length == 0)
        {
            return StarlarkTuple.Empty;
        }

        fr.Thread.Charge(8L * Items.Length);
        var values = new StarlarkValue[Items.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Items[i].Eval(fr);
        }

        return StarlarkTuple.Wrap(values);
    }
}

/// <summary>A list display <c>[a, b]</c>.</summary>
internal sealed class ListExpr : Expr
{
    public ListExpr(Pos pos, List<Expr> items)
        : base(pos)
    {
        Items = items.ToArray();
    }

    public Expr[] Items { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        fr.Thread.Charge(8L * Items.Length + 32);
        var values = new List<StarlarkValue>(Items.Length);
        foreach (var e in Items)
        {
            values.Add(e.Eval(fr));
        }

        return StarlarkList.Wrap(values);
    }
}

/// <summary>A dict display <c>{k: v}</c>.</summary>
internal sealed class DictExpr : Expr
{
    public DictExpr(Pos pos, List<(Expr Key, Expr Value)> entries)
        : base(pos)
    {
        Entries = entries.ToArray();
    }

    public (Expr Key, Expr Value)[] Entries { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        fr.Thread.Charge(16L * Entries.Length + 64);
        var d = new StarlarkDict(Entries.Length);
        foreach (var (ke, ve) in Entries)
        {
            var k = ke.Eval(fr);
            var v = ve.Eval(fr);
            try
            {
                if (!d.Table.InsertUnchecked(k, v))
                {
                    throw new StarlarkError("duplicate key: " + Formatter.Repr(k));
                }
            }
            catch (StarlarkError e) when (e.Stamp(ke.Pos, fr))
            {
                throw;
            }
        }

        return d;
    }
}

/// <summary>A <c>for</c> or <c>if</c> clause of a comprehension.</summary>
internal sealed class CompClause
{
    public CompClause(Pos pos, Expr? vars, Expr expr)
    {
        Pos = pos;
        Vars = vars;
        Expr = expr;
    }

    public Pos Pos { get; }

    /// <summary>Gets the loop variables of a <c>for</c> clause; null for an <c>if</c> clause.</summary>
    public Expr? Vars { get; }

    /// <summary>Gets the iterable (for) or the condition (if).</summary>
    public Expr Expr { get; }
}

/// <summary>A list or dict comprehension.</summary>
internal sealed class CompExpr : Expr
{
    public CompExpr(Pos pos, bool isDict, Expr body, Expr? value, List<CompClause> clauses)
        : base(pos)
    {
        IsDict = isDict;
        Body = body;
        ValueExpr = value;
        Clauses = clauses.ToArray();
    }

    public bool IsDict { get; }

    /// <summary>Gets the element (list) or key (dict) expression.</summary>
    public Expr Body { get; }

    public Expr? ValueExpr { get; }

    public CompClause[] Clauses { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        if (IsDict)
        {
            var d = new StarlarkDict();
            Loop(fr, 0, null, d);
            return d;
        }

        var list = new List<StarlarkValue>();
        Loop(fr, 0, list, null);
        return StarlarkList.Wrap(list);
    }

    private void Loop(Frame fr, int i, List<StarlarkValue>? list, StarlarkDict? dict)
    {
        var thread = fr.Thread;
        if (i == Clauses.Length)
        {
            if (dict is not null)
            {
                var k = Body.Eval(fr);
                var v = ValueExpr!.Eval(fr);
                thread.Charge(16);
                try
                {
                    dict.Table.InsertUnchecked(k, v);
                }
                catch (StarlarkError e) when (e.Stamp(Body.Pos, fr))
                {
                    throw;
                }
            }
            else
            {
                thread.Charge(8);
                list!.Add(Body.Eval(fr));
            }

            return;
        }

        var clause = Clauses[i];
        if (clause.Vars is null)
        {
            if (clause.Expr.Eval(fr).Truth)
            {
                Loop(fr, i + 1, list, dict);
            }

            return;
        }

        var iterable = clause.Expr.Eval(fr);
        IEnumerable<StarlarkValue> items;
        try
        {
            items = Ops.Iterate(iterable) ?? throw new StarlarkError(iterable.Type + " value is not iterable");
        }
        catch (StarlarkError e) when (e.Stamp(clause.Pos, fr))
        {
            throw;
        }

        if (iterable is StarlarkList l)
        {
            l.Iterators++;
            try
            {
                for (var k = 0; k < l.Items.Count; k++)
                {
                    thread.Step();
                    Assignment.Assign(clause.Vars, l.Items[k], fr);
                    Loop(fr, i + 1, list, dict);
                }
            }
            finally
            {
                l.Iterators--;
            }

            return;
        }

        foreach (var item in items)
        {
            thread.Step();
            Assignment.Assign(clause.Vars, item, fr);
            Loop(fr, i + 1, list, dict);
        }
    }
}
