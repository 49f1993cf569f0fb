using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>How a statement completed.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
    Return,
}

/// <summary>A syntax tree node.</summary>
internal abstract class Node
{
    protected Node(Pos pos) => Pos = pos;

    public Pos Pos { get; }
}

/// <summary>An expression; evaluates itself against a frame.</summary>
internal abstract class Expr : Node
{
    protected Expr(Pos pos)
        : base(pos)
    {
    }

    public abstract StarlarkValue Eval(Frame fr);
}

/// <summary>A statement; executes itself against a frame.</summary>
internal abstract class Stmt : Node
{
    protected Stmt(Pos pos)
        : base(pos)
    {
    }

    public abstract Flow Exec(Frame fr);

    /// <summary>Executes a statement list, counting one step per statement.</summary>
    public static Flow ExecBlock(Stmt[] body, Frame fr)
    {
        var thread = fr.Thread;
        Stmt? current = null;
        try
        {
            foreach (var s in body)
            {
                current = s;
                thread.Step();
                var flow = s.Exec(fr);
                if (flow != Flow.Normal)
                {
                    return flow;
                }
            }
        }
        catch (StarlarkError e) when (current is not null && e.Stamp(current.Pos, fr))
        {
            throw;
        }

        return Flow.Normal;
    }
}
