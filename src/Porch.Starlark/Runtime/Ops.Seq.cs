using System.Globalization;

namespace Porch.Starlark.Runtime;

/// <summary>Sequence, mapping and attribute operations.</summary>
internal static partial class Ops
{
    /// <summary>Returns the length of a sequence, or -1 when the value has none.</summary>
    public static long Len(StarlarkValue v) => v switch
    {
        StarlarkString s => s.Raw.Length,
        StarlarkList l => l.Count,
        StarlarkTuple t => t.Count,
        StarlarkDict d => d.Count,
        StarlarkSet s2 => s2.Count,
        StarlarkBytes b => b.Raw.Length,
        RangeValue r => r.Length,
        StringIterable si => si.Length,
        _ => -1,
    };

    public static StarlarkValue Index(StarlarkValue x, StarlarkValue i)
    {
        if (x is StarlarkDict d)
        {
            if (d.Table.TryGet(i, out var v))
            {
                return v;
            }

            throw new StarlarkError("key " + Formatter.Repr(i) + " not in dict");
        }

        long n = x switch
        {
            StarlarkList l => l.Count,
            StarlarkTuple t => t.Count,
            StarlarkString s => s.Raw.Length,
            StarlarkBytes b => b.Raw.Length,
            RangeValue r => r.Length,
            StringIterable si => si.Length,
            _ => -1,
        };
        if (n < 0)
        {
            throw new StarlarkError("unhandled index operation " + x.Type + "[" + i.Type + "]");
        }

        if (i is not StarlarkInt ii)
        {
            throw new StarlarkError(x.Type + " index: got " + i.Type + ", want int");
        }

        var k = ii.IsBig ? long.MaxValue : ii.Small;
        var orig = k;
        if (k < 0)
        {
            k += n;
        }

        if (k < 0 || k >= n)
        {
            throw OutOfRange(orig, n, x);
        }

        return x switch
        {
            StarlarkList l => l.Items[(int)k],
            StarlarkTuple t => t.Items[(int)k],
            StarlarkString s => StarlarkString.Byte(s.Raw[(int)k]),
            StarlarkBytes b => StarlarkBytes.FromRaw(b.Raw[(int)k].ToString()),
            RangeValue r => r.At(k),
            _ => ((StringIterable)x).At((int)k),
        };
    }

    public static StarlarkError OutOfRange(long i, long n, StarlarkValue x) =>
        n == 0
            ? new StarlarkError("index " + i.ToString(CultureInfo.InvariantCulture) + " out of range: empty " + x.Type)
            : new StarlarkError(x.Type + " index " + i.ToString(CultureInfo.InvariantCulture) + " out of range [" + (-n).ToString(CultureInfo.InvariantCulture) + ":" + (n - 1).ToString(CultureInfo.InvariantCulture) + "]");

    public static void SetIndex(StarlarkValue x, StarlarkValue i, StarlarkValue v)
    {
        switch (x)
        {
            case StarlarkDict d:
                d.Table.Insert(i, v);
                return;
            case StarlarkList l:
            {
                if (i is not StarlarkInt ii)
                {
                    throw new StarlarkError("list index: got " + i.Type + ", want int");
                }

                l.CheckMutable("assign to element of");
                long n = l.Count;
                var k = ii.IsBig ? long.MaxValue : ii.Small;
                var orig = k;
                if (k < 0)
                {
                    k += n;
                }

                if (k < 0 || k >= n)
                {
                    throw OutOfRange(orig, n, x);
                }

                l.Items[(int)k] = v;
                return;
            }

            default:
                throw new StarlarkError(x.Type + " value does not support item assignment");
        }
    }

    public static StarlarkValue Slice(StarlarkValue x, StarlarkValue? lo, StarlarkValue? hi, StarlarkValue? step, StarlarkThread thread)
    {
        long n = x switch
        {
            StarlarkList l => l.Count,
            StarlarkTuple t => t.Count,
            StarlarkString s => s.Raw.Length,
            StarlarkBytes b => b.Raw.Length,
            RangeValue r => r.Length,
            _ => throw new StarlarkError("invalid slice operand " + x.Type),
        };
        var st = 1L;
        if (step is not null && step is not StarlarkNone)
        {
            st = SliceInt(step, "slice step");
            if (st == 0)
            {
                throw new StarlarkError("zero is not a valid slice step");
            }
        }

        long start, end;
        if (st > 0)
        {
            start = Clamp(lo, 0, n, 0, n, "start index");
            end = Clamp(hi, n, n, 0, n, "end index");
        }
        else
        {
            start = Clamp(lo, n - 1, n, -1, n - 1, "start index");
            end = Clamp(hi, -1, n, -1, n - 1, "end index");
        }

        if (x is RangeValue rv)
        {
            return rv.Slice(start, end, st);
        }

        var count = st > 0 ? (end > start ? ((end - start - 1) / st) + 1 : 0) : (start > end ? ((start - end - 1) / -st) + 1 : 0);
        thread.Charge(count * (x is StarlarkString or StarlarkBytes ? 2 : 8));
        switch (x)
        {
            case StarlarkString s:
                return StarlarkString.FromRaw(SliceString(s.Raw, start, st, count));
            case StarlarkBytes b:
                return StarlarkBytes.FromRaw(SliceString(b.Raw, start, st, count));
            case StarlarkList l:
            {
                var items = new List<StarlarkValue>((int)count);
                for (long i = start, c = 0; c < count; i += st, c++)
                {
                    items.Add(l.Items[(int)i]);
                }

                return StarlarkList.Wrap(items);
            }

            default:
            {
                var t = (StarlarkTuple)x;
                var items = new StarlarkValue[count];
                for (long i = start, c = 0; c < count; i += st, c++)
                {
                    items[c] = t.Items[(int)i];
                }

                return StarlarkTuple.Wrap(items);
            }
        }
    }

    public static bool Contains(StarlarkValue container, StarlarkValue x)
    {
        switch (container)
        {
            case StarlarkList l:
                foreach (var item in l.Items)
                {
                    if (Equal(item, x))
                    {
                        return true;
                    }
                }

                return false;
            case StarlarkTuple t:
                foreach (var item in t.Items)
                {
                    if (Equal(item, x))
                    {
                        return true;
                    }
                }

                return false;
            case StarlarkDict d:
                return IsHashable(x) && d.Table.Contains(x);
            case StarlarkSet s:
                return IsHashable(x) && s.Table.Contains(x);
            case StarlarkString s:
                if (x is not StarlarkString needle)
                {
                    throw new StarlarkError("'in <string>' requires string as left operand, not " + x.Type);
                }

                return s.Raw.Contains(needle.Raw, StringComparison.Ordinal);
            case StarlarkBytes b:
                if (x is StarlarkBytes bn)
                {
                    return b.Raw.Contains(bn.Raw, StringComparison.Ordinal);
                }

                if (x is StarlarkInt bi)
                {
                    if (bi.IsBig || bi.Small < 0 || bi.Small > 255)
                    {
                        throw new StarlarkError("int in bytes: " + Formatter.Repr(bi) + " out of range");
                    }

                    return b.Raw.Contains((char)bi.Small, StringComparison.Ordinal);
                }

                throw new StarlarkError("'in bytes' requires bytes or int as left operand, not " + x.Type);
            case RangeValue r:
                return r.Contains(x);
            case StringIterable si:
                foreach (var item in si.Elements())
                {
                    if (Equal(item, x))
                    {
                        return true;
                    }
                }

                return false;
            default:
                throw new StarlarkError("unknown binary op: " + x.Type + " in " + container.Type);
        }
    }

    public static bool IsHashable(StarlarkValue v)
    {
        switch (v)
        {
            case StarlarkString or StarlarkInt or StarlarkFloat or StarlarkBool or StarlarkNone or StarlarkBytes:
                return true;
            case StarlarkTuple t:
                foreach (var item in t.Items)
                {
                    if (!IsHashable(item))
                    {
                        return false;
                    }
                }

                return true;
            case StarlarkList or StarlarkDict or StarlarkSet or RangeValue:
                return false;
            default:
                try
                {
                    v.HashValue();
                    return true;
                }
                catch (StarlarkError)
                {
                    return false;
                }
        }
    }

    /// <summary>Returns the elements of an iterable value, or null when it is not iterable.</summary>
    public static IEnumerable<StarlarkValue>? Iterate(StarlarkValue v) => v switch
    {
        StarlarkList l => IterateList(l),
        StarlarkTuple t => t.Items,
        StarlarkDict d => d.Table.Keys(),
        StarlarkSet s => s.Table.Keys(),
        RangeValue r => r.Elements(),
        StringIterable si => si.Elements(),
        StarlarkHostValue h => h.IterateHost(),
        _ => null,
    };

    public static IEnumerable<StarlarkValue> IterateOrFail(StarlarkValue v) =>
        Iterate(v) ?? throw new StarlarkError("got " + v.Type + ", want iterable");

    /// <summary>Materializes an iterable into a list (charging the allocation budget).</summary>
    public static List<StarlarkValue> ToList(StarlarkValue v, StarlarkThread thread)
    {
        switch (v)
        {
            case StarlarkList l:
                thread.Charge(8L * l.Count);
                return new List<StarlarkValue>(l.Items);
            case StarlarkTuple t:
                thread.Charge(8L * t.Count);
                return new List<StarlarkValue>(t.Items);
        }

        var len = Len(v);
        if (len > 0)
        {
            thread.Charge(8L * len);
        }

        var result = new List<StarlarkValue>((int)Math.Max(0, Math.Min(len, 1 << 16)));
        foreach (var item in IterateOrFail(v))
        {
            thread.Step();
            if (len < 0)
            {
                thread.Charge(8);
            }

            result.Add(item);
        }

        return result;
    }

    public static StarlarkValue GetAttr(StarlarkValue x, string name)
    {
        var field = x.GetField(name);
        if (field is not null)
        {
            return field;
        }

        var method = MethodTable.Lookup(x, name);
        if (method is not null)
        {
            return new StarlarkBuiltin(name, method, x);
        }

        throw NoAttr(x, name);
    }

    public static StarlarkError NoAttr(StarlarkValue x, string name)
    {
        var msg = x.Type + " has no ." + name + " field or method";
        var suggestion = Spelling.Nearest(name, x.AttributeNames());
        if (suggestion is not null)
        {
            msg += " (did you mean ." + suggestion + "?)";
        }

        return new StarlarkError(msg);
    }

    private static IEnumerable<StarlarkValue> IterateList(StarlarkList l)
    {
        l.Iterators++;
        try
        {
            for (var i = 0; i < l.Items.Count; i++)
            {
                yield return l.Items[i];
            }
        }
        finally
        {
            l.Iterators--;
        }
    }

    private static long SliceInt(StarlarkValue v, string what)
    {
        if (v is not StarlarkInt i)
        {
            throw new StarlarkError("invalid " + what + ": got " + v.Type + ", want int");
        }

        return i.IsBig ? (i.Sign < 0 ? long.MinValue / 2 : long.MaxValue / 2) : i.Small;
    }

    private static long Clamp(StarlarkValue? v, long dflt, long n, long min, long max, string what)
    {
        if (v is null || v is StarlarkNone)
        {
            return dflt;
        }

        var i = SliceInt(v, what);
        if (i < 0)
        {
            i += n;
        }

        return i < min ? min : i > max ? max : i;
    }

    private static string SliceString(string raw, long start, long step, long count)
    {
        if (step == 1)
        {
            return raw.Substring((int)start, (int)count);
        }

        var chars = new char[count];
        for (long i = start, c = 0; c < count; i += step, c++)
        {
            chars[c] = raw[(int)i];
        }

        return new string(chars);
    }
}
