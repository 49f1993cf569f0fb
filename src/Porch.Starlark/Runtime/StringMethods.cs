// Longer than ~500 lines on purpose: the string methods of the Starlark spec, one short method each, in the spec's
// order.
using System.Globalization;
using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>Methods of <c>string</c>. Offsets are byte offsets; case and class tests decode UTF-8.</summary>
internal static class StringMethods
{
    public static readonly Dictionary<string, BuiltinImpl> Table = new(StringComparer.Ordinal)
    {
        ["capitalize"] = (t, r, a, k) => NoArgs(a, k, Raw(r), s => MapText(s, Capitalize)),
        ["codepoint_ords"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => new StringIterable(s, "codepoint_ords", false)),
        ["codepoints"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => new StringIterable(s, "codepoints", false)),
        ["count"] = (_, r, a, k) => Count(Raw(r), a, k),
        ["elem_ords"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => new StringIterable(s, "elem_ords", false)),
        ["elems"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => new StringIterable(s, "elems", false)),
        ["endswith"] = (_, r, a, k) => StartsEnds(Raw(r), a, k, ends: true),
        ["find"] = (_, r, a, k) => Find(Raw(r), a, k, last: false, fail: false),
        ["format"] = (t, r, a, k) => StarlarkString.FromRaw(StringFormat.Format(Raw(r), a, k, t)),
        ["index"] = (_, r, a, k) => Find(Raw(r), a, k, last: false, fail: true),
        ["isalnum"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => All(s, cp => Rune.IsLetterOrDigit(new Rune(cp)))),
        ["isalpha"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => All(s, cp => Rune.IsLetter(new Rune(cp)))),
        ["isdigit"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => All(s, cp => Rune.IsDigit(new Rune(cp)))),
        ["islower"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => Cased(s, upper: false)),
        ["isspace"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => All(s, cp => Rune.IsWhiteSpace(new Rune(cp)))),
        ["istitle"] = (_, r, a, k) => NoArgs(a, k, Raw(r), IsTitle),
        ["isupper"] = (_, r, a, k) => NoArgs(a, k, Raw(r), s => Cased(s, upper: true)),
        ["join"] = Join,
        ["lower"] = (t, r, a, k) => NoArgs(a, k, Raw(r), s => MapText(s, x => x.ToLowerInvariant())),
        ["lstrip"] = (_, r, a, k) => Strip(Raw(r), a, k, left: true, right: false),
        ["partition"] = (_, r, a, k) => Partition(Raw(r), a, k, last: false),
        ["removeprefix"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var s = Raw(r);
            var p = ArgUnpack.Str(a[0], "prefix");
            return s.StartsWith(p, StringComparison.Ordinal) ? StarlarkString.FromRaw(s[p.Length..]) : (StarlarkString)r!;
        },
        ["removesuffix"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var s = Raw(r);
            var p = ArgUnpack.Str(a[0], "suffix");
            return s.EndsWith(p, StringComparison.Ordinal) ? StarlarkString.FromRaw(s[..^p.Length]) : (StarlarkString)r!;
        },
        ["replace"] = Replace,
        ["rfind"] = (_, r, a, k) => Find(Raw(r), a, k, last: true, fail: false),
        ["rindex"] = (_, r, a, k) => Find(Raw(r), a, k, last: true, fail: true),
        ["rpartition"] = (_, r, a, k) => Partition(Raw(r), a, k, last: true),
        ["rsplit"] = (t, r, a, k) => Split(t, Raw(r), a, k, right: true),
        ["rstrip"] = (_, r, a, k) => Strip(Raw(r), a, k, left: false, right: true),
        ["split"] = (t, r, a, k) => Split(t, Raw(r), a, k, right: false),
        ["splitlines"] = SplitLines,
        ["startswith"] = (_, r, a, k) => StartsEnds(Raw(r), a, k, ends: false),
        ["strip"] = (_, r, a, k) => Strip(Raw(r), a, k, left: true, right: true),
        ["title"] = (t, r, a, k) => NoArgs(a, k, Raw(r), s => MapText(s, Title)),
        ["upper"] = (t, r, a, k) => NoArgs(a, k, Raw(r), s => MapText(s, x => x.ToUpperInvariant())),
    };

    private static string Raw(StarlarkValue? r) => ((StarlarkString)r!).Raw;

    private static StarlarkValue NoArgs(StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, string s, Func<string, StarlarkValue> f)
    {
        ArgUnpack.Positional(a, k, 0, 0);
        return f(s);
    }

    private static StarlarkValue NoArgs(StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, string s, Func<string, bool> f)
    {
        ArgUnpack.Positional(a, k, 0, 0);
        return StarlarkBool.Of(f(s));
    }

    /// <summary>Applies a .NET text transformation to the decoded string (ASCII strings need no decoding).</summary>
    private static StarlarkString MapText(string raw, Func<string, string> f) =>
        StarlarkString.FromRaw(ByteString.IsAscii(raw) ? f(raw) : ByteString.Encode(f(ByteString.Decode(raw))));

    private static bool All(string raw, Func<int, bool> pred)
    {
        if (raw.Length == 0)
        {
            return false;
        }

        foreach (var cp in ByteString.Runes(raw))
        {
            if (!pred(cp))
            {
                return false;
            }
        }

        return true;
    }

    // go.starlark.net's string_isupper/islower: the string has a cased rune and case mapping leaves it unchanged.
    private static bool Cased(string raw, bool upper)
    {
        var any = false;
        foreach (var cp in ByteString.Runes(raw))
        {
            var r = new Rune(cp);
            any |= IsCasedRune(r);
            if ((upper ? Rune.ToUpperInvariant(r) : Rune.ToLowerInvariant(r)) != r)
            {
                return false;
            }
        }

        return any;
    }

    // go.starlark.net's isCasedRune: ASCII letters, and runes with another case (unicode.SimpleFold(r) != r).
    private static bool IsCasedRune(Rune r) =>
        r.Value is >= 'a' and <= 'z' or >= 'A' and <= 'Z'
        || Rune.ToUpperInvariant(r) != r || Rune.ToLowerInvariant(r) != r || Rune.GetUnicodeCategory(r) == UnicodeCategory.TitlecaseLetter;

    // go.starlark.net's string_istitle: "uppercase characters may only follow uncased characters and lowercase
    // characters only cased ones"; a non-ASCII uppercase letter that is not titlecase fails it ("Ǆ").
    private static bool IsTitle(string raw)
    {
        var cased = false;
        var prevCased = false;
        foreach (var cp in ByteString.Runes(raw))
        {
            var r = new Rune(cp);
            if (cp is >= 'A' and <= 'Z' || Rune.GetUnicodeCategory(r) == UnicodeCategory.TitlecaseLetter)
            {
                if (prevCased)
                {
                    return false;
                }

                prevCased = true;
                cased = true;
            }
            else if (Rune.IsLower(r))
            {
                if (!prevCased)
                {
                    return false;
                }

                prevCased = true;
                cased = true;
            }
            else if (Rune.IsUpper(r))
            {
                return false;
            }
            else
            {
                prevCased = false;
            }
        }

        return cased;
    }

    private static string Capitalize(string s)
    {
        if (s.Length == 0)
        {
            return s;
        }

        var first = Rune.GetRuneAt(s, 0);
        var rest = s[first.Utf16SequenceLength..];
        return ToTitle(first) + rest.ToLowerInvariant();
    }

    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var prevLetter = false;
        foreach (var r in s.EnumerateRunes())
        {
            if (Rune.IsLetter(r))
            {
                sb.Append(prevLetter ? Rune.ToLowerInvariant(r).ToString() : ToTitle(r));
                prevLetter = true;
            }
            else
            {
                sb.Append(r.ToString());
                prevLetter = false;
            }
        }

        return sb.ToString();
    }

    private static string ToTitle(Rune r)
    {
        // Titlecase digraphs (e.g. U+01C4..U+01CC) map to their titlecase form; others to upper case.
        return r.Value switch
        {
            0x01C4 or 0x01C5 or 0x01C6 => "\u01C5",
            0x01C7 or 0x01C8 or 0x01C9 => "\u01C8",
            0x01CA or 0x01CB or 0x01CC => "\u01CB",
            0x01F1 or 0x01F2 or 0x01F3 => "\u01F2",
            _ => Rune.ToUpperInvariant(r).ToString(),
        };
    }

    private static StarlarkValue Count(string s, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 3);
        var sub = ArgUnpack.Str(a[0], "sub");
        var (start, end) = ArgUnpack.Range(a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null, s.Length);
        if (start > end)
        {
            return StarlarkInt.Zero;
        }

        var slice = s[start..end];
        if (sub.Length == 0)
        {
            return StarlarkInt.Of(ByteString.Runes(slice).Count + 1);
        }

        var n = 0;
        for (var i = slice.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = slice.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return StarlarkInt.Of(n);
    }

    private static StarlarkValue StartsEnds(string s, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool ends)
    {
        ArgUnpack.Positional(a, k, 1, 3);
        var (start, end) = ArgUnpack.Range(a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null, s.Length);
        var slice = start <= end ? s[start..end] : string.Empty;
        if (a[0] is not (StarlarkTuple or StarlarkString))
        {
            throw new StarlarkError("got " + a[0].Type + ", want string or tuple of string");
        }

        IEnumerable<StarlarkValue> candidates = a[0] is StarlarkTuple tuple ? tuple.Items : new[] { a[0] };
        var index = 0;
        foreach (var c in candidates)
        {
            if (c is not StarlarkString cs)
            {
                throw new StarlarkError("want string, got " + c.Type + ", for element " + index.ToString(CultureInfo.InvariantCulture));
            }

            index++;

            if (ends ? slice.EndsWith(cs.Raw, StringComparison.Ordinal) : slice.StartsWith(cs.Raw, StringComparison.Ordinal))
            {
                return StarlarkBool.True;
            }
        }

        return StarlarkBool.False;
    }

    private static StarlarkValue Find(string s, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool last, bool fail)
    {
        ArgUnpack.Positional(a, k, 1, 3);
        var sub = ArgUnpack.Str(a[0], "sub");
        var (start, end) = ArgUnpack.Range(a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null, s.Length);
        var idx = -1;
        if (start <= end)
        {
            var slice = s[start..end];
            idx = last ? slice.LastIndexOf(sub, StringComparison.Ordinal) : slice.IndexOf(sub, StringComparison.Ordinal);
            if (idx >= 0)
            {
                idx += start;
            }
        }

        if (idx < 0 && fail)
        {
            throw new StarlarkError("substring not found");
        }

        return StarlarkInt.Of(idx);
    }

    private static StarlarkValue Join(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        var sep = Raw(r);
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in ArgUnpack.Iterable(a[0], "1"))
        {
            t.Step();
            if (item is not StarlarkString s)
            {
                throw new StarlarkError("in list, want string, got " + item.Type);
            }

            if (!first)
            {
                sb.Append(sep);
            }

            first = false;
            sb.Append(s.Raw);
            t.Charge(2L * (s.Raw.Length + sep.Length));
        }

        return StarlarkString.FromRaw(sb.ToString());
    }

    private static StarlarkValue Partition(string s, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool last)
    {
        ArgUnpack.Positional(a, k, 1, 1);
        var sep = ArgUnpack.Str(a[0], "sep");
        if (sep.Length == 0)
        {
            throw new StarlarkError("empty separator");
        }

        var i = last ? s.LastIndexOf(sep, StringComparison.Ordinal) : s.IndexOf(sep, StringComparison.Ordinal);
        StarlarkValue[] parts;
        if (i < 0)
        {
            parts = last
                ? new StarlarkValue[] { StarlarkString.Empty, StarlarkString.Empty, StarlarkString.FromRaw(s) }
                : new StarlarkValue[] { StarlarkString.FromRaw(s), StarlarkString.Empty, StarlarkString.Empty };
        }
        else
        {
            parts = new StarlarkValue[] { StarlarkString.FromRaw(s[..i]), StarlarkString.FromRaw(sep), StarlarkString.FromRaw(s[(i + sep.Length)..]) };
        }

        return StarlarkTuple.Wrap(parts);
    }

    private static StarlarkValue Replace(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        ArgUnpack.Positional(a, k, 2, 3);
        var s = Raw(r);
        var old = ArgUnpack.Str(a[0], "old");
        var replacement = ArgUnpack.Str(a[1], "new");
        var count = a.Length > 2 ? ArgUnpack.Int(a[2], "count") : -1;
        if (count < 0)
        {
            count = long.MaxValue;
        }

        var sb = new StringBuilder();
        var n = 0L;
        if (old.Length == 0)
        {
            for (var i = 0; i <= s.Length; i++)
            {
                if (n < count)
                {
                    sb.Append(replacement);
                    n++;
                }

                if (i < s.Length)
                {
                    sb.Append(s[i]);
                }

                t.Charge(2L * (replacement.Length + 1));
            }

            return StarlarkString.FromRaw(sb.ToString());
        }

        var pos = 0;
        while (n < count)
        {
            var i = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (i < 0)
            {
                break;
            }

            sb.Append(s, pos, i - pos).Append(replacement);
            t.Charge(2L * (i - pos + replacement.Length));
            pos = i + old.Length;
            n++;
        }

        sb.Append(s, pos, s.Length - pos);
        t.Charge(2L * (s.Length - pos));
        return StarlarkString.FromRaw(sb.ToString());
    }

    private static bool IsSpace(int cp) => Rune.IsWhiteSpace(new Rune(cp));

    private static StarlarkValue Strip(string s, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool left, bool right)
    {
        ArgUnpack.Positional(a, k, 0, 1);
        Func<int, bool> strip = IsSpace;
        if (a.Length == 1 && a[0] is not StarlarkNone)
        {
            // go.starlark.net's trimString: an empty cutset means white space, as no argument does.
            var chars = ArgUnpack.Str(a[0], "cutset");
            if (chars.Length > 0)
            {
                var cutset = new HashSet<int>(ByteString.Runes(chars));
                strip = cutset.Contains;
            }
        }

        // Decode runes with their byte offsets.
        var starts = new List<(int Cp, int Start, int Size)>();
        for (var i = 0; i < s.Length;)
        {
            var cp = ByteString.DecodeRune(s, i, out var size);
            starts.Add((cp, i, size));
            i += size;
        }

        var lo = 0;
        var hi = starts.Count;
        if (left)
        {
            while (lo < hi && strip(starts[lo].Cp))
            {
                lo++;
            }
        }

        if (right)
        {
            while (hi > lo && strip(starts[hi - 1].Cp))
            {
                hi--;
            }
        }

        if (lo >= hi)
        {
            return StarlarkString.Empty;
        }

        var from = starts[lo].Start;
        var to = starts[hi - 1].Start + starts[hi - 1].Size;
        return StarlarkString.FromRaw(s[from..to]);
    }

    private static StarlarkValue Split(StarlarkThread t, string s, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, bool right)
    {
        var p = ArgUnpack.Unpack(a, k, 0, "sep", "maxsplit");
        var max = p[1] is null or StarlarkNone ? -1 : ArgUnpack.Int(p[1]!, "maxsplit");
        if (max < 0)
        {
            max = long.MaxValue;
        }

        var parts = new List<string>();
        if (p[0] is null or StarlarkNone)
        {
            // Split on runs of white space, ignoring leading/trailing space.
            var words = new List<(int Start, int End)>();
            var i = 0;
            while (i < s.Length)
            {
                while (i < s.Length && IsSpace(ByteString.DecodeRune(s, i, out _)))
                {
                    ByteString.DecodeRune(s, i, out var sz);
                    i += sz;
                }

                if (i >= s.Length)
                {
                    break;
                }

                var start = i;
                while (i < s.Length && !IsSpace(ByteString.DecodeRune(s, i, out _)))
                {
                    ByteString.DecodeRune(s, i, out var sz);
                    i += sz;
                }

                words.Add((start, i));
            }

            if (!right)
            {
                for (var w = 0; w < words.Count; w++)
                {
                    if (w == max)
                    {
                        parts.Add(s[words[w].Start..]); // the rest keeps its trailing space (Python, go.starlark.net)
                        break;
                    }

                    parts.Add(s[words[w].Start..words[w].End]);
                }
            }
            else
            {
                var rev = new List<string>();
                for (var w = words.Count - 1; w >= 0; w--)
                {
                    if (words.Count - 1 - w == max)
                    {
                        rev.Add(s[..words[w].End]); // the rest keeps its leading space
                        break;
                    }

                    rev.Add(s[words[w].Start..words[w].End]);
                }

                rev.Reverse();
                parts = rev;
            }
        }
        else
        {
            var sep = ArgUnpack.Str(p[0]!, "sep");
            if (sep.Length == 0)
            {
                throw new StarlarkError("empty separator");
            }

            if (!right)
            {
                var pos = 0;
                long n = 0;
                while (n < max)
                {
                    var i = s.IndexOf(sep, pos, StringComparison.Ordinal);
                    if (i < 0)
                    {
                        break;
                    }

                    parts.Add(s[pos..i]);
                    pos = i + sep.Length;
                    n++;
                }

                parts.Add(s[pos..]);
            }
            else
            {
                var end = s.Length;
                long n = 0;
                while (n < max && end > 0)
                {
                    var i = s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
                    if (i < 0 || i + sep.Length > end)
                    {
                        break;
                    }

                    parts.Add(s[(i + sep.Length)..end]);
                    end = i;
                    n++;
                }

                parts.Add(s[..end]);
                parts.Reverse();
            }
        }

        t.Charge((16L * parts.Count) + (2L * s.Length));
        return StarlarkList.Wrap(parts.Select(x => (StarlarkValue)StarlarkString.FromRaw(x)).ToList());
    }

    private static StarlarkValue SplitLines(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        var p = ArgUnpack.Unpack(a, k, 0, "keepends");
        var keep = p[0] is not null && ArgUnpack.Bool(p[0]!, "keepends");
        var s = Raw(r);
        var lines = new List<StarlarkValue>();
        var pos = 0;
        while (pos < s.Length)
        {
            var i = s.IndexOf('\n', pos);
            if (i < 0)
            {
                lines.Add(StarlarkString.FromRaw(s[pos..]));
                break;
            }

            lines.Add(StarlarkString.FromRaw(keep ? s[pos..(i + 1)] : s[pos..i]));
            pos = i + 1;
        }

        t.Charge((16L * lines.Count) + (2L * s.Length));
        return StarlarkList.Wrap(lines);
    }
}
