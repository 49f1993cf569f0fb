namespace Porch.Starlark.Syntax;

/// <summary>The kind of a function parameter.</summary>
internal enum ParamKind
{
    Normal,
    Star,
    StarStar,
}

/// <summary>A parameter: <c>x</c>, <c>x=default</c>, <c>*args</c>, bare <c>*</c>, or <c>**kwargs</c>.</summary>
internal sealed class Param
{
    public Param(Pos pos, ParamKind kind, Ident? name, Expr? defaultValue)
    {
        Pos = pos;
        Kind = kind;
        Name = name;
        Default = defaultValue;
    }

    public Pos Pos { get; }

    public ParamKind Kind { get; }

    public Ident? Name { get; }

    public Expr? Default { get; }
}
