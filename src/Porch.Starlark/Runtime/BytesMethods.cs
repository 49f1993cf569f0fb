namespace Porch.Starlark.Runtime;

/// <summary>Methods of <c>bytes</c>.</summary>
internal static class BytesMethods
{
    public static readonly Dictionary<string, BuiltinImpl> Table = new(StringComparer.Ordinal)
    {
        ["elems"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            return new StringIterable(((StarlarkBytes)r!).Raw, "elems", bytes: true);
        },
    };
}
