namespace Porch.Starlark.Runtime;

/// <summary>Computes <c>str(x)</c> and <c>repr(x)</c> as byte strings.</summary>
internal static class Formatter
{
    public static string Repr(StarlarkValue v)
    {
        var b = new ReprBuilder();
        b.WriteRepr(v);
        return b.ToString();
    }

    public static string Str(StarlarkValue v)
    {
        if (v is StarlarkString s)
        {
            return s.Raw;
        }

        var b = new ReprBuilder();
        v.WriteStr(b);
        return b.ToString();
    }
}
