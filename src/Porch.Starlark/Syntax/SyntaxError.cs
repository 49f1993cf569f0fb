namespace Porch.Starlark.Syntax;

/// <summary>Aborts scanning or parsing at the first error.</summary>
internal sealed class SyntaxError : Exception
{
    public SyntaxError(Pos pos, string message)
        : base(message)
    {
        Pos = pos;
    }

    public Pos Pos { get; }
}
