namespace Porch.Starlark.Syntax;

/// <summary>The resolver's view of one function (or of the module's top-level code): its local slots and free variables.</summary>
internal sealed class FunctionScope
{
    public FunctionScope(FunctionScope? parent, FunctionDef? def)
    {
        Parent = parent;
        Def = def;
    }

    public FunctionScope? Parent { get; }

    public FunctionDef? Def { get; }

    public List<Binding> Locals { get; } = new();

    public List<(bool FromLocal, int Index)> FreeSources { get; } = new();

    public Dictionary<Binding, int> FreeIndex { get; } = new();
}
