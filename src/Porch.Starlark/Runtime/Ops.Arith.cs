using System.Numerics;
using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>Binary and unary operators.</summary>
internal static partial class Ops
{
    private const int MaxShift = 512; // go.starlark.net int.go: "shift count too large" from 512

    public static StarlarkValue Binary(TokenKind op, StarlarkValue x, StarlarkValue y, StarlarkThread thread)
    {
        // Fast paths for small ints.
        if (x is StarlarkInt a && y is StarlarkInt b && !a.IsBig && !b.IsBig)
        {
            long p = a.Small, q = b.Small;
            switch (op)
            {
                case TokenKind.Plus:
                {
                    var r = unchecked(p + q);
                    return ((p ^ r) & (q ^ r)) < 0 ? StarlarkInt.Of((BigInteger)p + q) : StarlarkInt.Of(r);
                }

                case TokenKind.Minus:
                {
                    var r = unchecked(p - q);
                    return ((p ^ q) & (p ^ r)) < 0 ? StarlarkInt.Of((BigInteger)p - q) : StarlarkInt.Of(r);
                }

                case TokenKind.Star:
                {
                    var r = (Int128)p * q;
                    return r >= long.MinValue && r <= long.MaxValue ? StarlarkInt.Of((long)r) : StarlarkInt.Of((BigInteger)p * q);
                }

                case TokenKind.Lt: return StarlarkBool.Of(p < q);
                case TokenKind.Le: return StarlarkBool.Of(p <= q);
                case TokenKind.Gt: return StarlarkBool.Of(p > q);
                case TokenKind.Ge: return StarlarkBool.Of(p >= q);
                case TokenKind.EqEq: return StarlarkBool.Of(p == q);
                case TokenKind.Ne: return StarlarkBool.Of(p != q);
            }
        }

        if ((x is StarlarkHostValue || y is StarlarkHostValue) && HostBinary(op, x, y) is { } hostResult)
        {
            return hostResult;
        }

        switch (op)
        {
            case TokenKind.EqEq:
            case TokenKind.Ne:
            case TokenKind.Lt:
            case TokenKind.Le:
            case TokenKind.Gt:
            case TokenKind.Ge:
                return StarlarkBool.Of(Compare(op, x, y));
            case TokenKind.In:
                return StarlarkBool.Of(Contains(y, x));
            case TokenKind.NotIn:
                return StarlarkBool.Of(!Contains(y, x));
            case TokenKind.Plus:
                return Plus(x, y, thread);
            case TokenKind.Minus:
                if (x is StarlarkSet sx && y is StarlarkSet sy)
                {
                    return SetOps.Difference(sx, sy.Table.KeyList(), thread);
                }

                break;
            case TokenKind.Star:
                return Star(x, y, thread);
            case TokenKind.Percent:
                if (x is StarlarkString fs)
                {
                    return StarlarkString.FromRaw(PercentFormat.Format(fs.Raw, y, thread));
                }

                break;
            case TokenKind.Pipe:
                if (x is StarlarkSet ux && y is StarlarkSet uy)
                {
                    return SetOps.Union(ux, uy.Table.KeyList(), thread);
                }

                if (x is StarlarkDict dx && y is StarlarkDict dy)
                {
                    var result = new StarlarkDict(dx.Count + dy.Count);
                    thread.Charge(16L * (dx.Count + dy.Count));
                    foreach (var (k, v) in dx)
                    {
                        result.Table.InsertUnchecked(k, v);
                    }

                    foreach (var (k, v) in dy)
                    {
                        result.Table.InsertUnchecked(k, v);
                    }

                    return result;
                }

                break;
            case TokenKind.Amp:
                if (x is StarlarkSet ix && y is StarlarkSet iy)
                {
                    return SetOps.Intersection(ix, iy.Table.KeyList(), thread);
                }

                break;
            case TokenKind.Caret:
                if (x is StarlarkSet xx && y is StarlarkSet xy)
                {
                    return SetOps.SymmetricDifference(xx, xy.Table.KeyList(), thread);
                }

                break;
        }

        if (x is StarlarkInt xi && y is StarlarkInt yi)
        {
            return IntBinary(op, xi, yi, thread);
        }

        if ((x is StarlarkInt || x is StarlarkFloat) && (y is StarlarkInt || y is StarlarkFloat))
        {
            var fx = ToFloat(x);
            var fy = ToFloat(y);
            switch (op)
            {
                case TokenKind.Plus: return new StarlarkFloat(fx + fy);
                case TokenKind.Minus: return new StarlarkFloat(fx - fy);
                case TokenKind.Star: return new StarlarkFloat(fx * fy);
                case TokenKind.Slash:
                    if (fy == 0)
                    {
                        throw new StarlarkError("floating-point division by zero");
                    }

                    return new StarlarkFloat(fx / fy);
                case TokenKind.SlashSlash:
                    if (fy == 0)
                    {
                        throw new StarlarkError("floored division by zero");
                    }

                    return new StarlarkFloat(Math.Floor(fx / fy));
                case TokenKind.Percent:
                {
                    if (fy == 0)
                    {
                        throw new StarlarkError("floating-point modulo by zero");
                    }

                    var r = fx % fy;
                    if (r != 0 && (r < 0) != (fy < 0))
                    {
                        r += fy;
                    }

                    return new StarlarkFloat(r);
                }
            }
        }

        throw new StarlarkError("unknown binary op: " + x.Type + " " + TokenText.Symbol(op) + " " + y.Type);
    }

    public static double ToFloat(StarlarkValue v) => v switch
    {
        StarlarkFloat f => f.Value,
        StarlarkInt i => IntToFloat(i),
        _ => throw new StarlarkError("got " + v.Type + ", want number"),
    };

    public static double IntToFloat(StarlarkInt i)
    {
        var d = i.ToDouble();
        if (double.IsInfinity(d))
        {
            throw new StarlarkError("int too large to convert to float");
        }

        return d;
    }

    public static StarlarkValue Unary(TokenKind op, StarlarkValue x)
    {
        switch (op)
        {
            case TokenKind.Not:
                return StarlarkBool.Of(!x.Truth);
            case TokenKind.Minus:
                if (x is StarlarkInt i)
                {
                    return !i.IsBig && i.Small != long.MinValue ? StarlarkInt.Of(-i.Small) : StarlarkInt.Of(-i.ToBigInteger());
                }

                if (x is StarlarkFloat f)
                {
                    return new StarlarkFloat(-f.Value);
                }

                break;
            case TokenKind.Plus:
                if (x is StarlarkInt or StarlarkFloat)
                {
                    return x;
                }

                break;
            case TokenKind.Tilde:
                if (x is StarlarkInt n)
                {
                    return n.IsBig ? StarlarkInt.Of(-(n.ToBigInteger() + 1)) : StarlarkInt.Of(~n.Small);
                }

                break;
        }

        throw new StarlarkError("unknown unary op: " + TokenText.Symbol(op) + " " + x.Type);
    }

    private static StarlarkValue IntBinary(TokenKind op, StarlarkInt x, StarlarkInt y, StarlarkThread thread)
    {
        var small = !x.IsBig && !y.IsBig;
        long p = x.Small, q = y.Small;
        switch (op)
        {
            case TokenKind.Plus:
                return StarlarkInt.Of(x.ToBigInteger() + y.ToBigInteger());
            case TokenKind.Minus:
                return StarlarkInt.Of(x.ToBigInteger() - y.ToBigInteger());
            case TokenKind.Star:
            {
                var bx = x.ToBigInteger();
                var by = y.ToBigInteger();
                long wx = (bx.GetByteCount() / 8) + 1, wy = (by.GetByteCount() / 8) + 1;
                thread.Charge((wx + wy) * 8);
                thread.AddSteps(wx * wy / 16);
                return StarlarkInt.Of(bx * by);
            }
            case TokenKind.Slash:
                if (y.Sign == 0)
                {
                    throw new StarlarkError("floating-point division by zero");
                }

                return new StarlarkFloat(small ? (double)p / q : IntToFloat(x) / IntToFloat(y));
            case TokenKind.SlashSlash:
            {
                if (y.Sign == 0)
                {
                    throw new StarlarkError("floored division by zero");
                }

                if (small && !(p == long.MinValue && q == -1))
                {
                    var d = p / q;
                    if ((p % q != 0) && ((p < 0) != (q < 0)))
                    {
                        d--;
                    }

                    return StarlarkInt.Of(d);
                }

                thread.AddSteps(((long)x.ToBigInteger().GetByteCount() / 8) * ((y.ToBigInteger().GetByteCount() / 8) + 1) / 16);
                var bq = BigInteger.DivRem(x.ToBigInteger(), y.ToBigInteger(), out var brem);
                if (!brem.IsZero && (brem.Sign < 0) != (y.Sign < 0))
                {
                    bq -= 1;
                }

                return StarlarkInt.Of(bq);
            }

            case TokenKind.Percent:
            {
                if (y.Sign == 0)
                {
                    throw new StarlarkError("integer modulo by zero");
                }

                if (small && q != -1)
                {
                    var r = p % q;
                    if (r != 0 && (r < 0) != (q < 0))
                    {
                        r += q;
                    }

                    return StarlarkInt.Of(r);
                }

                thread.AddSteps(((long)x.ToBigInteger().GetByteCount() / 8) * ((y.ToBigInteger().GetByteCount() / 8) + 1) / 16);
                var br = BigInteger.Remainder(x.ToBigInteger(), y.ToBigInteger());
                if (!br.IsZero && (br.Sign < 0) != (y.Sign < 0))
                {
                    br += y.ToBigInteger();
                }

                return StarlarkInt.Of(br);
            }

            case TokenKind.Amp:
                return small ? StarlarkInt.Of(p & q) : StarlarkInt.Of(x.ToBigInteger() & y.ToBigInteger());
            case TokenKind.Pipe:
                return small ? StarlarkInt.Of(p | q) : StarlarkInt.Of(x.ToBigInteger() | y.ToBigInteger());
            case TokenKind.Caret:
                return small ? StarlarkInt.Of(p ^ q) : StarlarkInt.Of(x.ToBigInteger() ^ y.ToBigInteger());
            case TokenKind.LtLt:
            case TokenKind.GtGt:
            {
                if (y.Sign < 0)
                {
                    throw new StarlarkError("negative shift count: " + Formatter.Repr(y));
                }

                if (op == TokenKind.GtGt)
                {
                    if (y.IsBig || q >= 1 << 30)
                    {
                        return StarlarkInt.Of(x.Sign < 0 ? -1 : 0);
                    }

                    return small ? StarlarkInt.Of(q >= 64 ? (p < 0 ? -1 : 0) : p >> (int)q) : StarlarkInt.Of(x.ToBigInteger() >> (int)q);
                }

                if (y.IsBig || q >= MaxShift)
                {
                    throw new StarlarkError("shift count too large: " + Formatter.Repr(y));
                }

                thread.Charge((q / 8) + 16);
                return StarlarkInt.Of(x.ToBigInteger() << (int)q);
            }
        }

        throw new StarlarkError("unknown binary op: int " + TokenText.Symbol(op) + " int");
    }

    /// <summary>go.starlark.net's HasBinary: the left operand is asked first, then the right.</summary>
    private static StarlarkValue? HostBinary(TokenKind op, StarlarkValue x, StarlarkValue y)
    {
        if (op is TokenKind.EqEq or TokenKind.Ne or TokenKind.In or TokenKind.NotIn)
        {
            return null;
        }

        var symbol = TokenText.Symbol(op);
        return (x is StarlarkHostValue hx ? hx.BinaryHost(symbol, y, thisOnLeft: true) : null)
            ?? (y is StarlarkHostValue hy ? hy.BinaryHost(symbol, x, thisOnLeft: false) : null);
    }

    private static StarlarkValue Plus(StarlarkValue x, StarlarkValue y, StarlarkThread thread)
    {
        switch (x)
        {
            case StarlarkString xs when y is StarlarkString ys:
                if (xs.Raw.Length == 0)
                {
                    return ys;
                }

                if (ys.Raw.Length == 0)
                {
                    return xs;
                }

                thread.Charge(2L * (xs.Raw.Length + ys.Raw.Length));
                return StarlarkString.FromRaw(string.Concat(xs.Raw, ys.Raw));
            case StarlarkBytes xb when y is StarlarkBytes yb:
                thread.Charge(2L * (xb.Raw.Length + yb.Raw.Length));
                return StarlarkBytes.FromRaw(string.Concat(xb.Raw, yb.Raw));
            case StarlarkList xl when y is StarlarkList yl:
            {
                thread.Charge(8L * (xl.Count + yl.Count));
                var items = new List<StarlarkValue>(xl.Count + yl.Count);
                items.AddRange(xl.Items);
                items.AddRange(yl.Items);
                return StarlarkList.Wrap(items);
            }

            case StarlarkTuple xt when y is StarlarkTuple yt:
            {
                thread.Charge(8L * (xt.Count + yt.Count));
                var items = new StarlarkValue[xt.Count + yt.Count];
                xt.Items.CopyTo(items, 0);
                yt.Items.CopyTo(items, xt.Count);
                return StarlarkTuple.Wrap(items);
            }
        }

        if (x is StarlarkInt xi && y is StarlarkInt yi)
        {
            return IntBinary(TokenKind.Plus, xi, yi, thread);
        }

        if ((x is StarlarkInt || x is StarlarkFloat) && (y is StarlarkInt || y is StarlarkFloat))
        {
            return new StarlarkFloat(ToFloat(x) + ToFloat(y));
        }

        throw new StarlarkError("unknown binary op: " + x.Type + " + " + y.Type);
    }

    private static StarlarkValue Star(StarlarkValue x, StarlarkValue y, StarlarkThread thread)
    {
        if (x is StarlarkInt xi && y is StarlarkInt yi)
        {
            return IntBinary(TokenKind.Star, xi, yi, thread);
        }

        if ((x is StarlarkInt || x is StarlarkFloat) && (y is StarlarkInt || y is StarlarkFloat))
        {
            return new StarlarkFloat(ToFloat(x) * ToFloat(y));
        }

        StarlarkValue seq;
        StarlarkInt count;
        if (x is StarlarkInt n1)
        {
            count = n1;
            seq = y;
        }
        else if (y is StarlarkInt n2)
        {
            count = n2;
            seq = x;
        }
        else
        {
            throw new StarlarkError("unknown binary op: " + x.Type + " * " + y.Type);
        }

        var len = seq switch
        {
            StarlarkString s => s.Raw.Length,
            StarlarkBytes b => b.Raw.Length,
            StarlarkList l => l.Count,
            StarlarkTuple t => t.Count,
            _ => throw new StarlarkError("unknown binary op: " + x.Type + " * " + y.Type),
        };
        // go.starlark.net's stringRepeat/tupleRepeat/listRepeat: an empty operand repeats to empty whatever the count; a
        // count beyond int32 is "too large"; a result of 2^30 elements or more is an "excessive repeat".
        var times = 0L;
        if (len > 0)
        {
            if (count.IsBig || count.Small > int.MaxValue || count.Small < int.MinValue)
            {
                throw new StarlarkError("repeat count " + Formatter.Str(count) + " too large");
            }

            times = Math.Max(0, count.Small);
            var total = times * len;
            if (total >= 1L << 30)
            {
                throw new StarlarkError("excessive repeat (" + len.ToString(System.Globalization.CultureInfo.InvariantCulture) + " * " + times.ToString(System.Globalization.CultureInfo.InvariantCulture) + " elements)");
            }

            thread.Charge(total * (seq is StarlarkString or StarlarkBytes ? 2L : 8L));
        }

        var k = (int)times;
        switch (seq)
        {
            case StarlarkString s:
                return StarlarkString.FromRaw(k == 0 ? string.Empty : new System.Text.StringBuilder(s.Raw.Length * k).Insert(0, s.Raw, k).ToString());
            case StarlarkBytes b:
                return StarlarkBytes.FromRaw(k == 0 ? string.Empty : new System.Text.StringBuilder(b.Raw.Length * k).Insert(0, b.Raw, k).ToString());
            case StarlarkList l:
            {
                var items = new List<StarlarkValue>(l.Count * k);
                for (var i = 0; i < k; i++)
                {
                    items.AddRange(l.Items);
                }

                return StarlarkList.Wrap(items);
            }

            default:
            {
                var t = (StarlarkTuple)seq;
                var items = new StarlarkValue[t.Count * k];
                for (var i = 0; i < k; i++)
                {
                    t.Items.CopyTo(items, i * t.Count);
                }

                return StarlarkTuple.Wrap(items);
            }
        }
    }
}
