using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>A unary operation: <c>-x</c>, <c>+x</c>, <c>~x</c>, <c>not x</c>.</summary>
internal sealed class UnaryExpr : Expr
{
    public UnaryExpr(Pos pos, TokenKind op, Expr x)
        : base(pos)
    {
        Op = op;
        X = x;
    }

    public TokenKind Op { get; }

    public Expr X { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var x = X.Eval(fr);
        if (Op == TokenKind.Not)
        {
            return x.Truth ? StarlarkBool.False : StarlarkBool.True;
        }

        try
        {
            return Ops.Unary(Op, x);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }
}

/// <summary>A binary operation other than <c>and</c>/<c>or</c>; <see cref="Node.Pos"/> is the operator's position.</summary>
internal sealed class BinaryExpr : Expr
{
    public BinaryExpr(Pos pos, TokenKind op, Expr x, Expr y)
        : base(pos)
    {
        Op = op;
        X = x;
        Y = y;
    }

    public TokenKind Op { get; }

    public Expr X { get; }

    public Expr Y { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var x = X.Eval(fr);
        var y = Y.Eval(fr);
        try
        {
            return Ops.Binary(Op, x, y, fr.Thread);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }
}

/// <summary>A short-circuit <c>and</c> / <c>or</c>.</summary>
internal sealed class LogicalExpr : Expr
{
    public LogicalExpr(Pos pos, bool isAnd, Expr x, Expr y)
        : base(pos)
    {
        IsAnd = isAnd;
        X = x;
        Y = y;
    }

    public bool IsAnd { get; }

    public Expr X { get; }

    public Expr Y { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var x = X.Eval(fr);
        return x.Truth == IsAnd ? Y.Eval(fr) : x;
    }
}

/// <summary>A conditional expression <c>a if cond else b</c>.</summary>
internal sealed class CondExpr : Expr
{
    public CondExpr(Pos pos, Expr cond, Expr then, Expr otherwise)
        : base(pos)
    {
        Cond = cond;
        Then = then;
        Else = otherwise;
    }

    public Expr Cond { get; }

    public Expr Then { get; }

    public Expr Else { get; }

    public override StarlarkValue Eval(Frame fr) => Cond.Eval(fr).Truth ? Then.Eval(fr) : Else.Eval(fr);
}

/// <summary>An attribute selection <c>x.name</c>; <see cref="Node.Pos"/> is the dot.</summary>
internal sealed class DotExpr : Expr
{
    public DotExpr(Pos pos, Expr x, string name)
        : base(pos)
    {
        X = x;
        Name = name;
    }

    public Expr X { get; }

    public string Name { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var x = X.Eval(fr);
        try
        {
            return Ops.GetAttr(x, Name);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }
}

/// <summary>An index expression <c>x[i]</c>; <see cref="Node.Pos"/> is the bracket.</summary>
internal sealed class IndexExpr : Expr
{
    public IndexExpr(Pos pos, Expr x, Expr index)
        : base(pos)
    {
        X = x;
        Index = index;
    }

    public Expr X { get; }

    public Expr Index { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var x = X.Eval(fr);
        var i = Index.Eval(fr);
        try
        {
            return Ops.Index(x, i);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }
}

/// <summary>A slice expression <c>x[lo:hi:step]</c>.</summary>
internal sealed class SliceExpr : Expr
{
    public SliceExpr(Pos pos, Expr x, Expr? lo, Expr? hi, Expr? step)
        : base(pos)
    {
        X = x;
        Lo = lo;
        Hi = hi;
        Step = step;
    }

    public Expr X { get; }

    public Expr? Lo { get; }

    public Expr? Hi { get; }

    public Expr? Step { get; }

    public override StarlarkValue Eval(Frame fr)
    {
        var x = X.Eval(fr);
        var lo = Lo?.Eval(fr);
        var hi = Hi?.Eval(fr);
        var step = Step?.Eval(fr);
        try
        {
            return Ops.Slice(x, lo, hi, step, fr.Thread);
        }
        catch (StarlarkError e) when (e.Stamp(Pos, fr))
        {
            throw;
        }
    }
}

/// <summary>A <c>lambda</c> expression.</summary>
internal sealed class LambdaExpr : Expr
{
    public LambdaExpr(Pos pos, FunctionDef def)
        : base(pos)
    {
        Def = def;
    }

    public FunctionDef Def { get; }

    public override StarlarkValue Eval(Frame fr) => StarlarkFunction.Create(Def, fr);
}
