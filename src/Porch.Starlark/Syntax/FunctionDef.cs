namespace Porch.Starlark.Syntax;

/// <summary>The shared definition of a <c>def</c> or <c>lambda</c>, with the layout computed by the resolver.</summary>
internal sealed class FunctionDef
{
    public FunctionDef(Pos pos, string name, List<Param> parameters, Stmt[] body, Expr? lambdaBody)
    {
        Pos = pos;
        Name = name;
        Params = parameters;
        Body = body;
        LambdaBody = lambdaBody;
    }

    public Pos Pos { get; }

    public string Name { get; }

    public List<Param> Params { get; }

    public Stmt[] Body { get; }

    /// <summary>Gets the body expression of a lambda (null for a def).</summary>
    public Expr? LambdaBody { get; }

    /// <summary>Gets or sets the number of positional-or-keyword parameters (slots 0..NumPositional-1).</summary>
    public int NumPositional { get; set; }

    /// <summary>Gets or sets the number of keyword-only parameters (the slots after the positional ones).</summary>
    public int NumKwOnly { get; set; }

    public bool HasVarargs { get; set; }

    public bool HasKwargs { get; set; }

    /// <summary>Gets or sets the names of the named parameters, in slot order.</summary>
    public string[] ParamNames { get; set; } = Array.Empty<string>();

    /// <summary>Gets or sets the default expressions by parameter slot (null for required parameters).</summary>
    public Expr?[] DefaultExprs { get; set; } = Array.Empty<Expr?>();

    public int NumLocals { get; set; }

    /// <summary>Gets or sets the local slots that closures capture (they hold a cell).</summary>
    public int[] CellSlots { get; set; } = Array.Empty<int>();

    /// <summary>Gets or sets where each free variable comes from in the enclosing frame: its local slot (a cell) or its free index.</summary>
    public (bool FromLocal, int Index)[] FreeVars { get; set; } = Array.Empty<(bool, int)>();

    public int NumParams => NumPositional + NumKwOnly;
}
