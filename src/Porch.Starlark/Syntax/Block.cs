namespace Porch.Starlark.Syntax;

/// <summary>A lexical block (file, function or comprehension) mapping names to bindings.</summary>
internal sealed class Block
{
    public Block(Block? parent, FunctionScope function)
    {
        Parent = parent;
        Function = function;
    }

    public Block? Parent { get; }

    public FunctionScope Function { get; }

    public Dictionary<string, Binding> Names { get; } = new(StringComparer.Ordinal);
}
