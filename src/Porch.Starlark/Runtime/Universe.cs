// Longer than ~500 lines on purpose: the table of predeclared functions of the Starlark spec, one short method each,
// in the spec's order.
using System.Globalization;
using System.Numerics;
using System.Text;
using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>The universal predeclared names: constants and builtin functions of the spec.</summary>
internal static partial class Universe
{
    public static readonly IReadOnlyDictionary<string, StarlarkValue> Builtins = Create();

    private static Dictionary<string, StarlarkValue> Create()
    {
        var d = new Dictionary<string, StarlarkValue>(StringComparer.Ordinal)
        {
            ["None"] = StarlarkNone.Instance,
            ["True"] = StarlarkBool.True,
            ["False"] = StarlarkBool.False,
        };

        void Add(string name, BuiltinImpl impl) => d[name] = new StarlarkBuiltin(name, impl);

        Add("abs", Abs);
        Add("all", (t, _, a, k) => AnyAll(t, a, k, all: true));
        Add("any", (t, _, a, k) => AnyAll(t, a, k, all: false));
        Add("bool", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 1);
            return StarlarkBool.Of(a.Length == 1 && a[0].Truth);
        });
        Add("bytes", BytesBuiltin);
        Add("chr", Chr);
        Add("dict", DictBuiltin);
        Add("dir", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var names = a[0].AttributeNames().Order(StringComparer.Ordinal).Select(n => (StarlarkValue)new StarlarkString(n)).ToList();
            return StarlarkList.Wrap(names);
        });
        Add("enumerate", Enumerate);
        Add("fail", Fail);
        Add("float", FloatBuiltin);
        Add("getattr", GetAttr);
        Add("hasattr", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 2, 2);
            var name = ByteString.Decode(ArgUnpack.Str(a[1], "name"));
            return StarlarkBool.Of(a[0].GetField(name) is not null || MethodTable.Lookup(a[0], name) is not null);
        });
        Add("hash", Hash);
        Add("int", IntBuiltin);
        Add("len", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var n = Ops.Len(a[0]);
            return n >= 0 ? StarlarkInt.Of(n) : throw new StarlarkError("value of type " + a[0].Type + " has no len");
        });
        Add("list", (t, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 1);
            return a.Length == 0 ? new StarlarkList() : StarlarkList.Wrap(ToList(a[0], t));
        });
        Add("max", (t, _, a, k) => MinMax(t, a, k, max: true));
        Add("min", (t, _, a, k) => MinMax(t, a, k, max: false));
        Add("ord", Ord);
        Add("print", (t, _, a, k) => t.Print(ByteString.Decode(JoinStr(a, k, "print"))));
        Add("range", Range);
        Add("repr", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            return StarlarkString.FromRaw(Formatter.Repr(a[0]));
        });
        Add("reversed", (t, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var list = ToList(a[0], t);
            list.Reverse();
            return StarlarkList.Wrap(list);
        });
        Add("set", (t, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 1);
            var s = new StarlarkSet();
            if (a.Length == 1)
            {
                foreach (var item in ArgUnpack.Iterable(a[0], "1"))
                {
                    t.Step();
                    t.Charge(16);
                    s.Table.InsertUnchecked(item, StarlarkNone.Instance);
                }
            }

            return s;
        });
        Add("sorted", Sorted);
        Add("str", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            return a[0] switch
            {
                StarlarkString s => s,
                StarlarkBytes b => StarlarkString.FromRaw(ByteString.Sanitize(b.Raw)),
                _ => StarlarkString.FromRaw(Formatter.Str(a[0])),
            };
        });
        Add("tuple", (t, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 1);
            if (a.Length == 0)
            {
                return StarlarkTuple.Empty;
            }

            return a[0] is StarlarkTuple tup ? tup : StarlarkTuple.Wrap(ToList(a[0], t).ToArray());
        });
        Add("type", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            return new StarlarkString(a[0].Type);
        });
        Add("zip", Zip);
        return d;
    }

    private static List<StarlarkValue> ToList(StarlarkValue v, StarlarkThread t)
    {
        if (Ops.Iterate(v) is null)
        {
            throw new StarlarkError("got " + v.Type + ", want iterable");
        }

        return Ops.ToList(v, t);
    }

    internal static string JoinStr(StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs, string fn)
    {
        var sep = " ";
        foreach (var (k, v) in kwargs)
        {
            if (k != "sep")
            {
                throw ArgUnpack.UnexpectedKeyword(k, "sep");
            }

            sep = ArgUnpack.Str(v, "sep");
        }

        _ = fn;
        var sb = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(sep);
            }

            sb.Append(Formatter.Str(args[i]));
        }

        return sb.ToString();
    }

    private static StarlarkValue Abs(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        return a[0] switch
        {
            StarlarkInt i => i.Sign < 0 ? Ops.Unary(Syntax.TokenKind.Minus, i) : i,
            StarlarkFloat f => new StarlarkFloat(Math.Abs(f.Value)),
            _ => throw new StarlarkError("got " + a[0].Type + ", want int or float"),
        };
    }

    private static StarlarkValue AnyAll(StarlarkThread t, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool all)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        foreach (var item in ArgUnpack.Iterable(a[0], "1"))
        {
            t.Step();
            if (item.Truth != all)
            {
                return StarlarkBool.Of(!all);
            }
        }

        return StarlarkBool.Of(all);
    }

    private static StarlarkValue BytesBuiltin(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        switch (a[0])
        {
            case StarlarkString s:
                return StarlarkBytes.FromRaw(ByteString.Sanitize(s.Raw));
            case StarlarkBytes b:
                return b;
        }

        var items = Ops.Iterate(a[0]) ?? throw new StarlarkError("want string, bytes, or iterable of ints, got " + a[0].Type);
        var sb = new StringBuilder();
        var index = 0;
        foreach (var item in items)
        {
            t.Step();
            if (item is not StarlarkInt i)
            {
                throw new StarlarkError("at index " + index.ToString(CultureInfo.InvariantCulture) + ", got " + item.Type + ", want int");
            }

            if (i.IsBig || i.Small < 0 || i.Small > 255)
            {
                throw new StarlarkError("at index " + index.ToString(CultureInfo.InvariantCulture) + ", " + Formatter.Repr(i) + " out of range (want value in unsigned 8-bit range)");
            }

            t.Charge(2);
            sb.Append((char)i.Small);
            index++;
        }

        return StarlarkBytes.FromRaw(sb.ToString());
    }

    private static StarlarkValue Chr(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        var cp = ArgUnpack.Int(a[0], "1");
        if (cp < 0)
        {
            throw new StarlarkError("Unicode code point " + cp.ToString(CultureInfo.InvariantCulture) + " out of range (<0)");
        }

        if (cp > 0x10FFFF)
        {
            throw new StarlarkError("Unicode code point U+" + cp.ToString("X", CultureInfo.InvariantCulture) + " out of range (>0x10FFFF)");
        }

        return StarlarkString.FromRaw(ByteString.EncodeRune((int)cp));
    }

    private static StarlarkValue DictBuiltin(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Count(a.Length, 0, 1);
        var d = new StarlarkDict();
        DictMethods.Update(t, d.Table, a.Length == 1 ? a[0] : null, k, check: false);
        return d;
    }

    private static StarlarkValue Enumerate(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        var p = ArgUnpack.Unpack(a, k, 1, "x", "start");
        var start = p[1] is null ? 0 : ArgUnpack.Int(p[1]!, "start");
        var result = new List<StarlarkValue>();
        foreach (var item in ArgUnpack.Iterable(p[0]!, "x"))
        {
            t.Step();
            t.Charge(40);
            result.Add(StarlarkTuple.Wrap(new[] { StarlarkInt.Of(start++), item }));
        }

        return StarlarkList.Wrap(result);
    }

    private static StarlarkValue Fail(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k) =>
        throw new StarlarkError(ByteString.Decode(JoinStr(a, k, "fail")), StarlarkErrorKind.Fail);

    private static StarlarkValue FloatBuiltin(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 0, 1);
        if (a.Length == 0)
        {
            return new StarlarkFloat(0);
        }

        switch (a[0])
        {
            case StarlarkFloat f:
                return f;
            case StarlarkInt i:
                return new StarlarkFloat(Ops.IntToFloat(i));
            case StarlarkBool b:
                return new StarlarkFloat(b.Value ? 1 : 0);
            case StarlarkString s:
            {
                var text = s.Raw;
                var lower = text.ToLowerInvariant();
                var sign = 1.0;
                var body = lower;
                if (body.StartsWith('+') || body.StartsWith('-'))
                {
                    sign = body[0] == '-' ? -1 : 1;
                    body = body[1..];
                }

                if (body is "inf" or "infinity")
                {
                    return new StarlarkFloat(sign * double.PositiveInfinity);
                }

                if (body == "nan")
                {
                    return new StarlarkFloat(double.NaN);
                }

                if (text.Length > 0 && !text.Any(char.IsWhiteSpace) && !text.Contains('_', StringComparison.Ordinal) &&
                    double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    if (double.IsInfinity(d))
                    {
                        throw new StarlarkError("floating-point number too large");
                    }

                    return new StarlarkFloat(d);
                }

                throw new StarlarkError("invalid float literal: " + ByteString.Decode(text));
            }

            default:
                throw new StarlarkError("got " + a[0].Type + ", want number or string");
        }
    }

    private static StarlarkValue GetAttr(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 2, 3);
        var name = ByteString.Decode(ArgUnpack.Str(a[1], "name"));
        if (a.Length == 3 && a[0].GetField(name) is null && MethodTable.Lookup(a[0], name) is null)
        {
            return a[2];
        }

        return Ops.GetAttr(a[0], name);
    }

    private static StarlarkValue Hash(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        switch (a[0])
        {
            case StarlarkString s:
            {
                // Java's String.hashCode over the UTF-16 encoding, as the spec requires.
                var h = 0;
                foreach (var c in ByteString.Decode(s.Raw))
                {
                    h = unchecked((31 * h) + c);
                }

                return StarlarkInt.Of(h);
            }

            case StarlarkBytes b:
                return StarlarkInt.Of((uint)b.HashValue());
            default:
                return StarlarkInt.Of(Ops.Hash(a[0]));
        }
    }

    private static StarlarkValue IntBuiltin(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        var p = ArgUnpack.Unpack(a, k, 1, "x", "base");
        var x = p[0]!;
        if (p[1] is not null)
        {
            if (x is not StarlarkString)
            {
                throw new StarlarkError("can't convert non-string with explicit base");
            }

            var b = ArgUnpack.Int(p[1]!, "base");
            if (b != 0 && (b < 2 || b > 36))
            {
                throw new StarlarkError("base must be an integer >= 2 && <= 36");
            }

            return ParseInt(((StarlarkString)x).Raw, (int)b);
        }

        switch (x)
        {
            case StarlarkInt i:
                return i;
            case StarlarkBool bo:
                return StarlarkInt.Of(bo.Value ? 1 : 0);
            case StarlarkFloat f:
                if (!double.IsFinite(f.Value))
                {
                    throw new StarlarkError("cannot convert float " + (double.IsNaN(f.Value) ? "NaN" : "infinity") + " to integer");
                }

                var tr = Math.Truncate(f.Value);
                return Math.Abs(tr) < 9e18 ? StarlarkInt.Of((long)tr) : StarlarkInt.Of(new BigInteger(tr));
            case StarlarkString s:
                return ParseInt(s.Raw, 10);
            default:
                throw new StarlarkError("got " + x.Type + ", want int, float, bool or string");
        }
    }

    private static StarlarkInt ParseInt(string raw, int b)
    {
        var s = raw;
        var neg = false;
        if (s.StartsWith('+') || s.StartsWith('-'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }

        var radix = b;
        if (s.Length > 1 && s[0] == '0')
        {
            var p = char.ToLowerInvariant(s[1]);
            var prefixBase = p switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 0 };
            if (prefixBase != 0 && (b == 0 || b == prefixBase))
            {
                radix = prefixBase;
                s = s[2..];
            }
            else if (b == 0)
            {
                if (s.All(c => c == '0'))
                {
                    return StarlarkInt.Zero;
                }

                throw InvalidLiteral(raw, b);
            }
        }

        if (radix == 0)
        {
            radix = 10;
        }

        if (!IntParser.TryParseDigits(s, radix, out var v))
        {
            throw InvalidLiteral(raw, b);
        }

        return neg ? (StarlarkInt)Ops.Unary(Syntax.TokenKind.Minus, v) : v;
    }

    private static StarlarkError InvalidLiteral(string raw, int b) =>
        new("invalid literal with base " + b.ToString(CultureInfo.InvariantCulture) + ": " + ByteString.Decode(raw));

    private static StarlarkValue MinMax(StarlarkThread t, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool max)
    {
        StarlarkValue? key = null;
        foreach (var (name, v) in k)
        {
            if (name != "key")
            {
                throw ArgUnpack.UnexpectedKeyword(name, "key");
            }

            key = v is StarlarkNone ? null : v;
        }

        if (a.Length == 0)
        {
            var name = max ? "max" : "min";
            throw new StarlarkError(name + " requires at least one positional argument") { BuiltinName = name };
        }

        IEnumerable<StarlarkValue> items = a.Length == 1 ? Ops.Iterate(a[0]) ?? throw new StarlarkError(a[0].Type + " value is not iterable") : a;
        StarlarkValue? best = null;
        StarlarkValue? bestKey = null;
        foreach (var item in items)
        {
            t.Step();
            var kv = key is null ? item : Calls.Call(t, key, new[] { item }, Array.Empty<KeyValuePair<string, StarlarkValue>>());
            if (best is null)
            {
                best = item;
                bestKey = kv;
                continue;
            }

            var c = Ops.Order(kv, bestKey!);
            if (max ? c > 0 : c < 0)
            {
                best = item;
                bestKey = kv;
            }
        }

        return best ?? throw new StarlarkError("empty sequence");
    }

    private static StarlarkValue Ord(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        switch (a[0])
        {
            case StarlarkString s:
            {
                var runes = ByteString.Runes(s.Raw);
                if (runes.Count != 1)
                {
                    throw new StarlarkError("string encodes " + runes.Count.ToString(CultureInfo.InvariantCulture) + " Unicode code points, want 1");
                }

                return StarlarkInt.Of(runes[0]);
            }

            case StarlarkBytes b:
                if (b.Raw.Length != 1)
                {
                    throw new StarlarkError("bytes has length " + b.Raw.Length.ToString(CultureInfo.InvariantCulture) + ", want 1");
                }

                return StarlarkInt.Of(b.Raw[0]);
            default:
                throw new StarlarkError("got " + a[0].Type + ", want string or bytes");
        }
    }

    private static StarlarkValue Range(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 3);
        for (var i = 0; i < a.Length; i++)
        {
            // go.starlark.net unpacks range's operands into Go ints with AsInt32.
            if (a[i] is StarlarkInt n && (n.IsBig || n.Small is > int.MaxValue or < int.MinValue))
            {
                throw new StarlarkError("for parameter " + (i + 1).ToString(CultureInfo.InvariantCulture) + ": " + Formatter.Str(n) + " out of range (want value in signed 32-bit range)");
            }
        }

        long start = 0, stop, step = 1;
        if (a.Length == 1)
        {
            stop = ArgUnpack.Int(a[0], "stop");
        }
        else
        {
            start = ArgUnpack.Int(a[0], "start");
            stop = ArgUnpack.Int(a[1], "stop");
            if (a.Length == 3)
            {
                step = ArgUnpack.Int(a[2], "step");
            }
        }

        if (step == 0)
        {
            throw new StarlarkError("step argument must not be zero");
        }

        return new RangeValue(start, stop, step);
    }

    // go.starlark.net's sorted: UnpackArgs("sorted", "iterable", "key?", "reverse?"), then sort.Stable over a sortSlice
    // whose Less records the last comparison error and goes on; that error is the result.
    private static StarlarkValue Sorted(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        var p = ArgUnpack.Unpack(a, k, 1, "iterable", "key", "reverse");
        if (Ops.Iterate(p[0]!) is null)
        {
            throw new StarlarkError("for parameter iterable: got " + p[0]!.Type + ", want iterable");
        }

        var key = p[1];
        if (key is not null && key is not (StarlarkFunction or StarlarkBuiltin))
        {
            throw new StarlarkError("for parameter key: got " + key.Type + ", want callable");
        }

        var reverse = p[2] is not null && ArgUnpack.Bool(p[2]!, "reverse");
        var items = ToList(p[0]!, t).ToArray();
        var keys = new StarlarkValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = key is null ? items[i] : Calls.Call(t, key, new[] { items[i] }, Array.Empty<KeyValuePair<string, StarlarkValue>>());
        }

        var idx = Enumerable.Range(0, items.Length).ToArray();
        StarlarkError? failure = null;
        Sorting.StableSort(idx, (x, y) =>
        {
            t.Step();
            try
            {
                return reverse ? Ops.Compare(TokenKind.Lt, keys[y], keys[x]) : Ops.Compare(TokenKind.Lt, keys[x], keys[y]);
            }
            catch (StarlarkError e) when (e.Kind == StarlarkErrorKind.Error)
            {
                failure = e;
                return false;
            }
        });
        if (failure is not null)
        {
            throw failure;
        }

        var result = new List<StarlarkValue>(items.Length);
        foreach (var i in idx)
        {
            result.Add(items[i]);
        }

        return StarlarkList.Wrap(result);
    }

    private static StarlarkValue Zip(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.NoKwargs(k);
        var lists = new List<List<StarlarkValue>>();
        for (var i = 0; i < a.Length; i++)
        {
            if (Ops.Iterate(a[i]) is null)
            {
                throw new StarlarkError("argument #" + (i + 1).ToString(CultureInfo.InvariantCulture) + " is not iterable: " + a[i].Type);
            }

            lists.Add(Ops.ToList(a[i], t));
        }

        var n = lists.Count == 0 ? 0 : lists.Min(l => l.Count);
        var result = new List<StarlarkValue>(n);
        for (var i = 0; i < n; i++)
        {
            var tuple = new StarlarkValue[lists.Count];
            for (var j = 0; j < lists.Count; j++)
            {
                tuple[j] = lists[j][i];
            }

            t.Charge(8L * lists.Count + 32);
            result.Add(StarlarkTuple.Wrap(tuple));
        }

        return StarlarkList.Wrap(result);
    }
}
