namespace Porch.Starlark.Syntax;

/// <summary>A variable declared by the resolver: a global, or a local slot of some function.</summary>
internal sealed class Binding
{
    public Binding(string name, Scope scope, int index, Pos pos, FunctionScope? function)
    {
        Name = name;
        Scope = scope;
        Index = index;
        Pos = pos;
        Function = function;
    }

    public string Name { get; }

    /// <summary>Gets or sets the scope; a local becomes <see cref="Syntax.Scope.Cell"/> when a closure captures it.</summary>
    public Scope Scope { get; set; }

    public int Index { get; }

    public Pos Pos { get; }

    public FunctionScope? Function { get; }
}
