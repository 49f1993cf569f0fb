namespace Porch.Starlark.Syntax;

/// <summary>Where a resolved identifier lives.</summary>
internal enum Scope
{
    Undefined,
    Local,
    Cell,
    Free,
    Global,
    Predeclared,
    Universal,
}
