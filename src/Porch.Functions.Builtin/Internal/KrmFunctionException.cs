namespace Porch.Functions.Builtin.Internal;

/// <summary>A function stops with an error message it reports as an <c>error</c> result (the catalog's returned <c>error</c>).</summary>
internal sealed class KrmFunctionException : Exception
{
    public KrmFunctionException(string message)
        : base(message)
    {
    }
}
