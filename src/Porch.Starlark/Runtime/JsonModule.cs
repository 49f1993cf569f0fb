// Longer than ~500 lines on purpose: the whole json module (encode, decode, indent) as go.starlark.net's lib/json
// defines it in one file; each part uses the others' helpers.
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>
/// go.starlark.net's <c>lib/json</c> module: <c>encode</c>, <c>decode</c>, <c>encode_indent</c> and <c>indent</c>, with its
/// rules (dict keys sorted, struct fields as object members, cycles refused) and error texts. Strings are byte strings
/// (<see cref="StarlarkString.Raw"/>), as everywhere in the interpreter.
/// </summary>
internal static class JsonModule
{
    private static readonly KeyValuePair<string, StarlarkValue>[] NoKwargs = Array.Empty<KeyValuePair<string, StarlarkValue>>();

    public static StarlarkModule Create() => new("json", new Dictionary<string, StarlarkValue>
    {
        ["encode"] = new StarlarkBuiltin("json.encode", (_, _, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            return StarlarkString.FromRaw(Encode(a[0]));
        }),
        ["decode"] = new StarlarkBuiltin("json.decode", Decode),
        ["indent"] = new StarlarkBuiltin("json.indent", (_, _, a, k) =>
        {
            var (prefix, indent) = IndentOptions(k);
            ArgUnpack.Count(a.Length, 1, 1);
            return StarlarkString.FromRaw(Indent(ArgUnpack.Str(a[0], "1"), prefix, indent));
        }),
        ["encode_indent"] = new StarlarkBuiltin("json.encode_indent", (_, _, a, k) =>
        {
            var (prefix, indent) = IndentOptions(k);
            if (a.Length != 1)
            {
                throw new StarlarkError("got " + a.Length.ToString(CultureInfo.InvariantCulture) + " arguments, want 1");
            }

            return StarlarkString.FromRaw(Indent(Encode(a[0]), prefix, indent));
        }),
    });

    private static (string Prefix, string Indent) IndentOptions(KeyValuePair<string, StarlarkValue>[] k)
    {
        var p = ArgUnpack.Unpack(Array.Empty<StarlarkValue>(), k, 0, "prefix", "indent");
        return (p[0] is null ? string.Empty : ArgUnpack.Str(p[0]!, "prefix"), p[1] is null ? "\t" : ArgUnpack.Str(p[1]!, "indent"));
    }

    // ---- encode ----
    private static string Encode(StarlarkValue x)
    {
        var sb = new StringBuilder();
        Emit(x, sb, new List<StarlarkValue>());
        return sb.ToString();
    }

    private static void Emit(StarlarkValue x, StringBuilder sb, List<StarlarkValue> path)
    {
        var container = x is StarlarkList or StarlarkTuple or StarlarkDict or StarlarkSet or StarlarkStruct or StarlarkModule or StarlarkHostValue;
        if (container)
        {
            if (path.Exists(p => ReferenceEquals(p, x)))
            {
                throw new StarlarkError("cycle in JSON structure");
            }

            Nesting.Check(path.Count + 1, "json.encode: maximum nesting depth exceeded");
            path.Add(x);
        }

        try
        {
            EmitValue(x, sb, path);
        }
        finally
        {
            if (container)
            {
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static void EmitValue(StarlarkValue x, StringBuilder sb, List<StarlarkValue> path)
    {
        switch (x)
        {
            case StarlarkNone:
                sb.Append("null");
                return;
            case StarlarkBool b:
                sb.Append(b.Value ? "true" : "false");
                return;
            case StarlarkInt i:
                sb.Append(Formatter.Str(i));
                return;
            case StarlarkFloat f:
                if (!double.IsFinite(f.Value))
                {
                    throw new StarlarkError("cannot encode non-finite float " + Formatter.Str(f));
                }

                sb.Append(Formatter.Str(f));
                return;
            case StarlarkString s:
                Quote(s.Raw, sb);
                return;
            case StarlarkDict d:
            {
                var items = d.ToList();
                foreach (var (key, _) in items)
                {
                    if (key is not StarlarkString)
                    {
                        throw new StarlarkError("dict has " + key.Type + " key, want string");
                    }
                }

                items.Sort((p, q) => string.CompareOrdinal(((StarlarkString)p.Key).Raw, ((StarlarkString)q.Key).Raw));
                sb.Append('{');
                for (var n = 0; n < items.Count; n++)
                {
                    if (n > 0)
                    {
                        sb.Append(',');
                    }

                    Quote(((StarlarkString)items[n].Key).Raw, sb);
                    sb.Append(':');
                    try
                    {
                        Emit(items[n].Value, sb, path);
                    }
                    catch (StarlarkError e) when (!e.Positioned)
                    {
                        throw Wrap("in dict key " + Formatter.Repr(items[n].Key) + ": ", e);
                    }
                }

                sb.Append('}');
                return;
            }
        }

        if (Ops.Iterate(x) is { } elems)
        {
            sb.Append('[');
            var n = 0;
            foreach (var e in elems)
            {
                if (n > 0)
                {
                    sb.Append(',');
                }

                try
                {
                    Emit(e, sb, path);
                }
                catch (StarlarkError err) when (!err.Positioned)
                {
                    throw Wrap("at " + x.Type + " index " + n.ToString(CultureInfo.InvariantCulture) + ": ", err);
                }

                n++;
            }

            sb.Append(']');
            return;
        }

        if (x is StarlarkStruct or StarlarkModule or StarlarkHostValue)
        {
            var names = x.AttributeNames().Order(StringComparer.Ordinal).ToList();
            sb.Append('{');
            for (var n = 0; n < names.Count; n++)
            {
                if (n > 0)
                {
                    sb.Append(',');
                }

                Quote(ByteString.Encode(names[n]), sb);
                sb.Append(':');
                try
                {
                    Emit(x.GetField(names[n]) ?? StarlarkNone.Instance, sb, path);
                }
                catch (StarlarkError e) when (!e.Positioned)
                {
                    throw Wrap("in field ." + names[n] + ": ", e);
                }
            }

            sb.Append('}');
            return;
        }

        throw new StarlarkError("cannot encode " + x.Type + " as JSON");
    }

    private static StarlarkError Wrap(string context, StarlarkError e) =>
        e.Kind == StarlarkErrorKind.Error ? new StarlarkError(context + e.Text, e.Kind, e) : e;

    /// <summary>Go's strconv.Quote for printable ASCII, else encoding/json's string encoding (invalid UTF-8 as U+FFFD).</summary>
    private static void Quote(string raw, StringBuilder sb)
    {
        sb.Append('"');
        for (var i = 0; i < raw.Length;)
        {
            var c = raw[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x7f || (!ByteString.IsAscii(raw) && c is '<' or '>' or '&'))
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }

                i++;
                continue;
            }

            var cp = ByteString.DecodeRune(raw, i, out var size);
            if (cp is 0x2028 or 0x2029)
            {
                sb.Append("\\u").Append(cp.ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (cp == 0xFFFD && size == 1)
            {
                sb.Append("\\ufffd");
            }
            else
            {
                sb.Append(raw, i, size);
            }

            i += size;
        }

        sb.Append('"');
    }

    // ---- decode ----
    private static StarlarkValue Decode(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k)
    {
        StarlarkValue? dflt = null;
        foreach (var (name, v) in k)
        {
            if (name != "default")
            {
                throw ArgUnpack.UnexpectedKeyword(name, "x", "default");
            }

            dflt = v;
        }

        ArgUnpack.Count(a.Length, 1, dflt is null ? 2 : 1);
        if (a.Length == 2)
        {
            dflt = a[1];
        }

        var s = ArgUnpack.Str(a[0], "x");
        var decoder = new Decoder(s, t);
        try
        {
            return decoder.Run();
        }
        catch (DecodeFailure e)
        {
            if (dflt is not null)
            {
                return dflt;
            }

            throw new StarlarkError("at offset " + decoder.Offset.ToString(CultureInfo.InvariantCulture) + ", " + e.Message);
        }
    }

    private static string QuoteByte(char b) => b switch
    {
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        < (char)0x20 or (char)0x7f => "'\\x" + ((int)b).ToString("x2", CultureInfo.InvariantCulture) + "'",
        >= (char)0x80 => "'\\u00" + ((int)b).ToString("x2", CultureInfo.InvariantCulture) + "'",
        _ => "'" + b + "'",
    };

    private static string Indent(string src, string prefix, string indent)
    {
        // Validates as encoding/json's scanner would (its first error text), then lays out as json.Indent does.
        var sb = new StringBuilder();
        var depth = 0;
        var i = 0;
        var needIndent = false;
        void Newline(StringBuilder b, int d)
        {
            b.Append('\n').Append(prefix);
            for (var n = 0; n < d; n++)
            {
                b.Append(indent);
            }
        }

        new Decoder(src, null, indentCheck: true).Validate();
        while (i < src.Length)
        {
            var c = src[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                i++;
                continue;
            }

            if (needIndent && c is not (']' or '}'))
            {
                needIndent = false;
                depth++;
                Newline(sb, depth);
            }

            switch (c)
            {
                case '"':
                {
                    var j = i + 1;
                    while (j < src.Length && src[j] != '"')
                    {
                        j += src[j] == '\\' ? 2 : 1;
                    }

                    sb.Append(src, i, j + 1 - i);
                    i = j + 1;
                    continue;
                }

                case '{':
                case '[':
                    sb.Append(c);
                    needIndent = true;
                    break;
                case ',':
                    sb.Append(c);
                    Newline(sb, depth);
                    break;
                case ':':
                    sb.Append(c).Append(' ');
                    break;
                case '}':
                case ']':
                    if (needIndent)
                    {
                        needIndent = false;
                    }
                    else
                    {
                        depth--;
                        Newline(sb, depth);
                    }

                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }

            i++;
        }

        return sb.ToString();
    }

    private sealed class DecodeFailure : Exception
    {
        public DecodeFailure(string message)
            : base(message)
        {
        }

        public DecodeFailure()
        {
        }

        public DecodeFailure(string message, Exception inner)
            : base(message, inner)
        {
        }
    }

    private sealed class Decoder
    {
        private readonly string _s;
        private readonly StarlarkThread? _thread;
        private readonly bool _indentCheck;
        private int _i;
        private int _depth;

        public Decoder(string s, StarlarkThread? thread, bool indentCheck = false)
        {
            _s = s;
            _thread = thread;
            _indentCheck = indentCheck;
        }

        public int Offset => _i;

        public StarlarkValue Run()
        {
            var x = Parse();
            if (SkipSpace())
            {
                throw new DecodeFailure("unexpected character " + QuoteByte(_s[_i]) + " after value");
            }

            return x;
        }

        public void Validate()
        {
            try
            {
                Run();
            }
            catch (DecodeFailure e)
            {
                throw new StarlarkError(e.Message);
            }
        }

        private static bool IsDigit(char b) => b is >= '0' and <= '9';

        private bool SkipSpace()
        {
            for (; _i < _s.Length; _i++)
            {
                if (_s[_i] is not (' ' or '\t' or '\n' or '\r'))
                {
                    return true;
                }
            }

            return false;
        }

        private char Next() => SkipSpace() ? _s[_i] : throw new DecodeFailure("unexpected end of file");

        private StarlarkValue Parse()
        {
            _thread?.Step();
            if (++_depth > Nesting.MaxDepth)
            {
                throw new DecodeFailure("nesting depth exceeded");
            }

            try
            {
                return ParseValue();
            }
            finally
            {
                _depth--;
            }
        }

        private StarlarkValue ParseValue()
        {
            var b = Next();
            switch (b)
            {
                case '"':
                    return ParseString();
                case 'n' when string.CompareOrdinal(_s, _i, "null", 0, 4) == 0:
                    _i += 4;
                    return StarlarkNone.Instance;
                case 't' when string.CompareOrdinal(_s, _i, "true", 0, 4) == 0:
                    _i += 4;
                    return StarlarkBool.True;
                case 'f' when string.CompareOrdinal(_s, _i, "false", 0, 5) == 0:
                    _i += 5;
                    return StarlarkBool.False;
                case '[':
                {
                    var elems = new List<StarlarkValue>();
                    _i++;
                    b = Next();
                    if (b != ']')
                    {
                        while (true)
                        {
                            elems.Add(Parse());
                            _thread?.Charge(8);
                            b = Next();
                            if (b != ',')
                            {
                                if (b != ']')
                                {
                                    throw new DecodeFailure("got " + QuoteByte(b) + ", want ',' or ']'");
                                }

                                break;
                            }

                            _i++;
                        }
                    }

                    _i++;
                    return StarlarkList.Wrap(elems);
                }

                case '{':
                {
                    var dict = new StarlarkDict();
                    _i++;
                    b = Next();
                    if (b != '}')
                    {
                        while (true)
                        {
                            var key = Parse();
                            if (key is not StarlarkString)
                            {
                                throw new DecodeFailure("got " + key.Type + " for object key, want string");
                            }

                            b = Next();
                            if (b != ':')
                            {
                                throw new DecodeFailure("after object key, got " + QuoteByte(b) + ", want ':' ");
                            }

                            _i++;
                            var value = Parse();
                            _thread?.Charge(16);
                            dict.Table.InsertUnchecked(key, value);
                            b = Next();
                            if (b != ',')
                            {
                                if (b != '}')
                                {
                                    throw new DecodeFailure("in object, got " + QuoteByte(b) + ", want ',' or '}'");
                                }

                                break;
                            }

                            _i++;
                        }
                    }

                    _i++;
                    return dict;
                }

                default:
                    if (IsDigit(b) || b == '-')
                    {
                        return ParseNumber();
                    }

                    break;
            }

            throw new DecodeFailure(_indentCheck
                ? "invalid character " + QuoteByte(b) + " looking for beginning of value"
                : "unexpected character " + QuoteByte(b));
        }

        private StarlarkValue ParseNumber()
        {
            var isFloat = false;
            var j = _i + 1;
            for (; j < _s.Length; j++)
            {
                var c = _s[j];
                if (IsDigit(c))
                {
                    continue;
                }

                if (c is '.' or 'e' or 'E' or '+' or '-')
                {
                    isFloat = true;
                    continue;
                }

                break;
            }

            var num = _s[_i..j];
            _i = j;
            var digits = num[0] == '-' ? num[1..] : num;
            if (digits.Length == 0 || (digits[0] == '0' && digits.Length > 1 && IsDigit(digits[1])))
            {
                throw new DecodeFailure("invalid number: " + num);
            }

            if (isFloat)
            {
                // strconv.ParseFloat: a syntax error fails; a value out of range is ±Inf (and is accepted here).
                if (!IsFloatSyntax(digits) || !double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    throw new DecodeFailure("invalid number: " + num);
                }

                return new StarlarkFloat(d);
            }

            return StarlarkInt.Of(BigInteger.Parse(num, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        private static bool IsFloatSyntax(string s)
        {
            var i = 0;
            var mantissa = 0;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
                mantissa++;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                while (i < s.Length && IsDigit(s[i]))
                {
                    i++;
                    mantissa++;
                }
            }

            if (mantissa == 0)
            {
                return false;
            }

            if (i < s.Length && s[i] is 'e' or 'E')
            {
                i++;
                if (i < s.Length && s[i] is '+' or '-')
                {
                    i++;
                }

                var exp = 0;
                while (i < s.Length && IsDigit(s[i]))
                {
                    i++;
                    exp++;
                }

                if (exp == 0)
                {
                    return false;
                }
            }

            return i == s.Length;
        }

        private StarlarkString ParseString()
        {
            var safe = true;
            var closed = false;
            var j = _i + 1;
            for (; j < _s.Length; j++)
            {
                var c = _s[j];
                if (c == '\\')
                {
                    safe = false;
                    j++;
                }
                else if (c == '"')
                {
                    closed = true;
                    j++;
                    break;
                }
                else if (c >= 0x80 || c < 0x20)
                {
                    safe = false;
                }
            }

            if (!closed)
            {
                throw new DecodeFailure("unclosed string literal");
            }

            var body = _s[(_i + 1)..(j - 1)];
            _i = j;
            _thread?.Charge(body.Length);
            return StarlarkString.FromRaw(safe ? body : Unquote(body));
        }

        /// <summary>encoding/json's string unquoting: escapes, UTF-16 surrogate pairs, invalid UTF-8 as U+FFFD.</summary>
        private static string Unquote(string body)
        {
            var sb = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length;)
            {
                var c = body[i];
                if (c < 0x20)
                {
                    throw new DecodeFailure("invalid character " + QuoteByte(c) + " in string literal");
                }

                if (c >= 0x80)
                {
                    var cp = ByteString.DecodeRune(body, i, out var size);
                    if (cp == 0xFFFD && size == 1)
                    {
                        ByteString.AppendRune(sb, 0xFFFD);
                    }
                    else
                    {
                        sb.Append(body, i, size);
                    }

                    i += size;
                    continue;
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    i++;
                    continue;
                }

                var e = i + 1 < body.Length ? body[i + 1] : '\0';
                switch (e)
                {
                    case '"': sb.Append('"'); i += 2; continue;
                    case '\\': sb.Append('\\'); i += 2; continue;
                    case '/': sb.Append('/'); i += 2; continue;
                    case 'b': sb.Append('\b'); i += 2; continue;
                    case 'f': sb.Append('\f'); i += 2; continue;
                    case 'n': sb.Append('\n'); i += 2; continue;
                    case 'r': sb.Append('\r'); i += 2; continue;
                    case 't': sb.Append('\t'); i += 2; continue;
                    case 'u':
                    {
                        var cp = Hex4(body, i + 2);
                        i += 6;
                        if (cp is >= 0xD800 and < 0xDC00 && i + 1 < body.Length && body[i] == '\\' && body[i + 1] == 'u')
                        {
                            var lo = Hex4(body, i + 2);
                            if (lo is >= 0xDC00 and < 0xE000)
                            {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                i += 6;
                            }
                        }

                        ByteString.AppendRune(sb, cp);
                        continue;
                    }

                    default:
                        throw new DecodeFailure("invalid escape sequence `\\" + e + "` in string");
                }
            }

            return sb.ToString();
        }

        private static int Hex4(string s, int at)
        {
            if (at + 4 > s.Length || !int.TryParse(s.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            {
                throw new DecodeFailure("invalid escape sequence in string");
            }

            return v;
        }
    }
}
