using System.Globalization;
using System.Numerics;
using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>The <c>format % args</c> string interpolation operator.</summary>
internal static class PercentFormat
{
    public static string Format(string format, StarlarkValue args, StarlarkThread thread)
    {
        var list = args is StarlarkTuple t ? t.Items : new[] { args };
        var next = 0;
        var sb = new StringBuilder(format.Length + 16);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                throw new StarlarkError("incomplete format");
            }

            if (format[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            StarlarkValue arg;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0)
                {
                    throw new StarlarkError("incomplete format key");
                }

                var key = StarlarkString.FromRaw(format[(i + 1)..close]);
                if (args is not StarlarkDict d)
                {
                    throw new StarlarkError("format requires a mapping");
                }

                if (!d.Table.TryGet(key, out arg))
                {
                    throw new StarlarkError("key " + Formatter.Repr(key) + " not in dict");
                }

                i = close + 1;
                if (i >= format.Length)
                {
                    throw new StarlarkError("incomplete format");
                }
            }
            else
            {
                if (next >= list.Length)
                {
                    throw new StarlarkError("not enough arguments for format string");
                }

                arg = list[next++];
            }

            var conv = format[i];
            switch (conv)
            {
                case 's':
                    sb.Append(Formatter.Str(arg));
                    break;
                case 'r':
                    sb.Append(Formatter.Repr(arg));
                    break;
                case 'd':
                case 'i':
                case 'o':
                case 'x':
                case 'X':
                    sb.Append(FormatInt(AsInteger(arg, conv), conv));
                    break;
                case 'e':
                case 'E':
                case 'f':
                case 'F':
                case 'g':
                case 'G':
                    if (arg is not StarlarkFloat && arg is not StarlarkInt)
                    {
                        throw new StarlarkError("%" + conv + " format requires float, not " + arg.Type);
                    }

                    sb.Append(NumberFormat.FormatFloat(Ops.ToFloat(arg), conv));
                    break;
                case 'c':
                    switch (arg)
                    {
                        case StarlarkInt ci:
                            if (ci.IsBig || ci.Small < 0 || ci.Small > 0x10FFFF)
                            {
                                throw new StarlarkError("%c format requires a valid Unicode code point, got " + Formatter.Repr(ci));
                            }

                            ByteString.AppendRune(sb, (int)ci.Small);
                            break;
                        case StarlarkString cs:
                            if (ByteString.Runes(cs.Raw).Count != 1)
                            {
                                throw new StarlarkError("%c format requires a single-character string");
                            }

                            sb.Append(cs.Raw);
                            break;
                        default:
                            throw new StarlarkError("%c format requires int or single-character string, not " + arg.Type);
                    }

                    break;
                default:
                    throw new StarlarkError("unknown conversion %" + conv);
            }

            thread.Charge(2L * sb.Length);
        }

        if (next < list.Length && !(args is StarlarkDict))
        {
            throw new StarlarkError("too many arguments for format string");
        }

        return sb.ToString();
    }

    private static BigInteger AsInteger(StarlarkValue v, char conv) => v switch
    {
        StarlarkInt i => i.ToBigInteger(),
        StarlarkFloat f when double.IsFinite(f.Value) => new BigInteger(Math.Truncate(f.Value)),
        StarlarkFloat f => throw new StarlarkError("%" + conv + " format requires integer: cannot convert float " + (double.IsNaN(f.Value) ? "NaN" : "infinity") + " to integer"),
        _ => throw new StarlarkError("%" + conv + " format requires integer: cannot convert " + v.Type + " to int"),
    };

    private static string FormatInt(BigInteger v, char conv)
    {
        var neg = v.Sign < 0;
        var abs = BigInteger.Abs(v);
        string digits = conv switch
        {
            'o' => ToBase(abs, 8),
            'x' => ToBase(abs, 16),
            'X' => ToBase(abs, 16).ToUpperInvariant(),
            _ => abs.ToString(CultureInfo.InvariantCulture),
        };
        return neg ? "-" + digits : digits;
    }

    private static string ToBase(BigInteger v, int radix)
    {
        if (v.IsZero)
        {
            return "0";
        }

        var sb = new StringBuilder();
        while (!v.IsZero)
        {
            var d = (int)(v % radix);
            sb.Insert(0, "0123456789abcdef"[d]);
            v /= radix;
        }

        return sb.ToString();
    }
}
