namespace Porch.Starlark.Syntax;

/// <summary>A parsed and resolved file, ready to execute.</summary>
internal sealed class Program
{
    public Program(Stmt[] body, string[] globalNames, int numLocals, int[] cellSlots)
    {
        Body = body;
        GlobalNames = globalNames;
        NumLocals = numLocals;
        CellSlots = cellSlots;
    }

    public Stmt[] Body { get; }

    public string[] GlobalNames { get; }

    /// <summary>Gets the number of local slots of the top-level code (load bindings and comprehension variables).</summary>
    public int NumLocals { get; }

    public int[] CellSlots { get; }
}
