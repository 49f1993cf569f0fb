namespace Porch.Starlark.Syntax;

/// <summary>A compact source position (1-based line and column); the file is known from context.</summary>
internal readonly record struct Pos(int Line, int Col);
