using System.Numerics;
using System.Runtime.CompilerServices;
using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>Equality, hashing and ordering of Starlark values.</summary>
internal static partial class Ops
{
    public static bool Equal(StarlarkValue x, StarlarkValue y) => Equal(x, y, 0);

    /// <summary>Equality of values nested <paramref name="depth"/> containers deep.</summary>
    internal static bool Equal(StarlarkValue x, StarlarkValue y, int depth)
    {
        // As go.starlark.net, identity is no shortcut for containers: comparing a cyclic value fails on the depth limit.
        if (ReferenceEquals(x, y) && x is not (StarlarkList or StarlarkTuple or StarlarkDict or StarlarkStruct))
        {
            return true;
        }

        switch (x)
        {
            case StarlarkInt xi:
                return y switch
                {
                    StarlarkInt yi => CompareInts(xi, yi) == 0,
                    StarlarkFloat yf => CompareIntFloat(xi, yf.Value) == 0,
                    _ => false,
                };
            case StarlarkFloat xf:
                return y switch
                {
                    StarlarkFloat yf => FloatCmp(xf.Value, yf.Value) == 0,
                    StarlarkInt yi => CompareIntFloat(yi, xf.Value) == 0,
                    _ => false,
                };
            case StarlarkString xs:
                return y is StarlarkString ys && string.Equals(xs.Raw, ys.Raw, StringComparison.Ordinal);
            case StarlarkBytes xb:
                return y is StarlarkBytes yb && string.Equals(xb.Raw, yb.Raw, StringComparison.Ordinal);
            case StarlarkBool:
            case StarlarkNone:
                return false;
            case StarlarkTuple xt:
                return y is StarlarkTuple yt && SequenceEqual(xt.Items, xt.Items.Length, yt.Items, yt.Items.Length, depth + 1);
            case StarlarkList xl:
                return y is StarlarkList yl && SequenceEqual(xl.Items, xl.Items.Count, yl.Items, yl.Items.Count, depth + 1);
            case StarlarkDict xd:
                return y is StarlarkDict yd && DictEqual(xd, yd, depth + 1);
            case StarlarkSet xset:
                return y is StarlarkSet yset && xset.Count == yset.Count && IsSubset(xset.Table, yset.Table);
            case StarlarkStruct xs2:
                return y is StarlarkStruct ys2 && xs2.StructEquals(ys2, depth + 1);
            case RangeValue xr:
                return y is RangeValue yr && xr.SameSequence(yr);
            default:
                return false;
        }
    }

    public static int Hash(StarlarkValue v) => Hash(v, 0);

    /// <summary>The hash of a value nested <paramref name="depth"/> tuples or structs deep.</summary>
    internal static int Hash(StarlarkValue v, int depth) => v switch
    {
        StarlarkString s => s.Raw.GetHashCode(StringComparison.Ordinal),
        StarlarkInt i => i.HashValue(),
        StarlarkTuple t => t.HashValue(depth + 1),
        StarlarkStruct st => st.HashValue(depth + 1),
        _ => v.HashValue(),
    };

    public static int HashFloat(double d)
    {
        if (double.IsFinite(d) && Math.Floor(d) == d)
        {
            if (d >= long.MinValue && d < 9.2233720368547758E18)
            {
                return ((long)d).GetHashCode();
            }

            return new BigInteger(d).GetHashCode();
        }

        return d.GetHashCode();
    }

    public static int CompareInts(StarlarkInt x, StarlarkInt y)
    {
        if (!x.IsBig && !y.IsBig)
        {
            return x.Small.CompareTo(y.Small);
        }

        return x.ToBigInteger().CompareTo(y.ToBigInteger());
    }

    /// <summary>go.starlark.net's <c>floatCmp</c>: a total order in which NaN equals NaN and exceeds every other float.</summary>
    public static int FloatCmp(double x, double y)
    {
        if (x > y)
        {
            return 1;
        }

        if (x < y)
        {
            return -1;
        }

        if (x == y)
        {
            return 0;
        }

        return double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : -1;
    }

    /// <summary>Compares an int with a float exactly (go.starlark.net's <c>cmpIntFloat</c>): NaN exceeds every int.</summary>
    public static int CompareIntFloat(StarlarkInt x, double y)
    {
        if (double.IsNaN(y))
        {
            return -1;
        }

        if (double.IsInfinity(y))
        {
            return y > 0 ? -1 : 1;
        }

        if (!x.IsBig && Math.Abs(x.Small) <= (1L << 53))
        {
            return ((double)x.Small).CompareTo(y);
        }

        var floor = Math.Floor(y);
        var c = x.ToBigInteger().CompareTo(new BigInteger(floor));
        if (c != 0)
        {
            return c;
        }

        return floor == y ? 0 : -1;
    }

    /// <summary>Implements ==, !=, &lt;, &lt;=, &gt;, &gt;=.</summary>
    public static bool Compare(TokenKind op, StarlarkValue x, StarlarkValue y) => Compare(op, x, y, 0);

    private static bool Compare(TokenKind op, StarlarkValue x, StarlarkValue y, int depth)
    {
        switch (op)
        {
            case TokenKind.EqEq:
                return Equal(x, y, depth);
            case TokenKind.Ne:
                return !Equal(x, y, depth);
        }

        if (x is StarlarkInt xi && y is StarlarkInt yi)
        {
            return Holds(op, CompareInts(xi, yi));
        }

        if (x is StarlarkFloat || y is StarlarkFloat)
        {
            if (TryCompareNumbers(x, y, out var c))
            {
                return Holds(op, c);
            }
        }

        if (x.GetType() != y.GetType())
        {
            throw NotImplemented(op, x, y);
        }

        switch (x)
        {
            case StarlarkString xs:
                return Holds(op, string.CompareOrdinal(xs.Raw, ((StarlarkString)y).Raw));
            case StarlarkBytes xb:
                return Holds(op, string.CompareOrdinal(xb.Raw, ((StarlarkBytes)y).Raw));
            case StarlarkBool xb2:
                return Holds(op, xb2.Value.CompareTo(((StarlarkBool)y).Value));
            case StarlarkTuple xt:
            {
                var yt = (StarlarkTuple)y;
                return CompareSequences(op, xt.Items, xt.Items.Length, yt.Items, yt.Items.Length, depth + 1);
            }

            case StarlarkList xl:
            {
                var yl = (StarlarkList)y;
                return CompareSequences(op, xl.Items, xl.Items.Count, yl.Items, yl.Items.Count, depth + 1);
            }

            case StarlarkSet xset:
            {
                var ys = ((StarlarkSet)y).Table;
                var xs2 = xset.Table;
                return op switch
                {
                    TokenKind.Le => IsSubset(xs2, ys),
                    TokenKind.Lt => xs2.Count < ys.Count && IsSubset(xs2, ys),
                    TokenKind.Ge => IsSubset(ys, xs2),
                    _ => ys.Count < xs2.Count && IsSubset(ys, xs2),
                };
            }

            default:
                throw NotImplemented(op, x, y);
        }
    }

    /// <summary>A total order for sorting, min and max; fails for values without an order.</summary>
    public static int Order(StarlarkValue x, StarlarkValue y)
    {
        if (x is StarlarkInt xi && y is StarlarkInt yi)
        {
            return CompareInts(xi, yi);
        }

        if (x is StarlarkString xs && y is StarlarkString ys)
        {
            return string.CompareOrdinal(xs.Raw, ys.Raw);
        }

        if (Compare(TokenKind.Lt, x, y))
        {
            return -1;
        }

        return Compare(TokenKind.Lt, y, x) ? 1 : 0;
    }

    public static bool IsSubset(HashTable x, HashTable y)
    {
        for (var i = 0; i < x.SlotCount; i++)
        {
            var k = x.KeyAt(i);
            if (k is not null && !y.Contains(k))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryCompareNumbers(StarlarkValue x, StarlarkValue y, out int c)
    {
        switch (x)
        {
            case StarlarkFloat xf when y is StarlarkFloat yf:
                c = FloatCmp(xf.Value, yf.Value);
                return true;
            case StarlarkFloat xf when y is StarlarkInt yi:
            {
                c = -CompareIntFloat(yi, xf.Value);
                return true;
            }

            case StarlarkInt xi when y is StarlarkFloat yf:
                c = CompareIntFloat(xi, yf.Value);
                return true;
            default:
                c = 0;
                return false;
        }
    }

    private static bool Holds(TokenKind op, int c) => op switch
    {
        TokenKind.Lt => c < 0,
        TokenKind.Le => c <= 0,
        TokenKind.Gt => c > 0,
        TokenKind.Ge => c >= 0,
        TokenKind.EqEq => c == 0,
        _ => c != 0,
    };

    private static StarlarkError NotImplemented(TokenKind op, StarlarkValue x, StarlarkValue y) =>
        new(x.Type + " " + TokenText.Symbol(op) + " " + y.Type + " not implemented");

    private static bool SequenceEqual(IReadOnlyList<StarlarkValue> x, int xn, IReadOnlyList<StarlarkValue> y, int yn, int depth)
    {
        if (xn != yn)
        {
            return false;
        }

        CheckDepth(depth);
        for (var i = 0; i < xn; i++)
        {
            if (!Equal(x[i], y[i], depth))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CompareSequences(TokenKind op, IReadOnlyList<StarlarkValue> x, int xn, IReadOnlyList<StarlarkValue> y, int yn, int depth)
    {
        CheckDepth(depth);
        var n = Math.Min(xn, yn);
        for (var i = 0; i < n; i++)
        {
            if (!Equal(x[i], y[i], depth))
            {
                return Compare(op, x[i], y[i], depth);
            }
        }

        return Holds(op, xn.CompareTo(yn));
    }

    private static bool DictEqual(StarlarkDict x, StarlarkDict y, int depth)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        CheckDepth(depth);
        var t = x.Table;
        for (var i = 0; i < t.SlotCount; i++)
        {
            var k = t.KeyAt(i);
            if (k is null)
            {
                continue;
            }

            if (!y.Table.TryGet(k, out var yv) || !Equal(t.ValueAt(i), yv, depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>As go.starlark.net's <c>CompareDepth</c>, with <see cref="Nesting.MaxDepth"/> in place of its <c>CompareLimit</c>.</summary>
    private static void CheckDepth(int depth) => Nesting.Check(depth, "comparison exceeded maximum recursion depth");
}
