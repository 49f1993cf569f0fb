using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Porch.Krm;
using Porch.Starlark;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// Converts between the YAML node model and Starlark values the way the catalog's starlark function does: YAML is
/// decoded as go-yaml v3 decodes into Go values (plain scalars resolved to null, bool, int or float; quoted and block
/// scalars stay strings; aliases and <c>&lt;&lt;</c> merges resolved), and values are encoded back as go-yaml v3
/// marshals Go maps: keys in go-yaml's sorted order, no comments, strings quoted only when they would read as another
/// type. The renderer then restores comments and key order of items that keep their id annotation.
/// </summary>
internal static partial class StarlarkYaml
{
    /// <summary>The message when a value has no YAML form (qri-io starlib's <c>util.Unmarshal</c>).</summary>
    public const string UnrecognizedTypePrefix = "unrecognized starlark type: ";

    /// <summary>How deeply lists and dicts may nest in a conversion either way; the same in every build.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Estimated bytes of one converted node or value, on top of its text.</summary>
    public const int NodeOverheadBytes = 64;

    private static long Size(string? text) => NodeOverheadBytes + (2L * (text?.Length ?? 0));

    /// <summary>Converts a node (and everything below it) to a fresh, mutable Starlark value.</summary>
    public static StarlarkValue ToStarlark(YamlNode node) => ToStarlark(node, static _ => { });

    /// <summary>Converts a YAML node to a Starlark value, passing the estimated bytes of each value made to <paramref name="charge"/>.</summary>
    public static StarlarkValue ToStarlark(YamlNode node, Action<long> charge) => new Decoder(charge).Decode(node);

    /// <summary>Converts a value to a fresh node tree.</summary>
    /// <exception cref="KrmFunctionException">The value holds something with no YAML form (a function, a cycle).</exception>
    public static YamlNode ToYaml(StarlarkValue value) => ToYaml(value, static _ => { });

    /// <summary>Converts a Starlark value to YAML, passing the estimated bytes of each node made to <paramref name="charge"/>.</summary>
    public static YamlNode ToYaml(StarlarkValue value, Action<long> charge) => new Encoder(charge).Encode(value);

    /// <summary>A scalar's Go value as go-yaml v3 decodes it into <c>interface{}</c>.</summary>
    public static StarlarkValue ResolveScalar(YamlNode scalar)
    {
        var tag = scalar.Tag switch
        {
            null or "!" => null,
            var t when t.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) => "!!" + t["tag:yaml.org,2002:".Length..],
            var t => t,
        };
        var value = scalar.Value;
        switch (tag)
        {
            case "!!str" or "!!binary" or "!!timestamp":
                return new StarlarkString(value);
            case "!!null":
                return StarlarkNone.Instance;
            case "!!bool":
                return ResolvePlain(value) is StarlarkBool b ? b : new StarlarkString(value);
            case "!!int" or "!!float":
                var number = ResolvePlain(value);
                return number is StarlarkInt or StarlarkFloat ? number : new StarlarkString(value);
        }

        if (tag is not null || scalar.Style is not (YamlScalarStyle.Plain or YamlScalarStyle.Any))
        {
            return new StarlarkString(value);
        }

        return ResolvePlain(value);
    }

    /// <summary>go-yaml v3's resolution of an untagged plain scalar.</summary>
    public static StarlarkValue ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return StarlarkNone.Instance;
            case "true" or "True" or "TRUE":
                return StarlarkBool.True;
            case "false" or "False" or "FALSE":
                return StarlarkBool.False;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return new StarlarkFloat(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return new StarlarkFloat(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN":
                return new StarlarkFloat(double.NaN);
        }

        var c = value[0];
        if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.'))
        {
            return new StarlarkString(value);
        }

        var plain = value.Replace("_", "", StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var integer) && integer >= long.MinValue && integer <= ulong.MaxValue)
        {
            return StarlarkInt.Of(integer);
        }

        if (YamlFloat().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return new StarlarkFloat(d);
        }

        return new StarlarkString(value);
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, ...)</c> syntax: optional sign, then <c>0x</c>, <c>0o</c>, <c>0b</c>, a leading-zero octal, or decimal.</summary>
    private static bool TryParseGoInt(string s, out BigInteger result)
    {
        result = BigInteger.Zero;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        var radix = 10;
        if (s.Length - i >= 2 && s[i] == '0')
        {
            switch (s[i + 1])
            {
                case 'x' or 'X':
                    radix = 16;
                    i += 2;
                    break;
                case 'o' or 'O':
                    radix = 8;
                    i += 2;
                    break;
                case 'b' or 'B':
                    radix = 2;
                    i += 2;
                    break;
                default:
                    radix = 8;
                    i += 1;
                    break;
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            var digit = HexDigit(s[i]);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            result = (result * radix) + digit;
        }

        if (negative)
        {
            result = -result;
        }

        return true;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();

    private sealed class Decoder
    {
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Action<long> _charge;
        private int _aliasDepth;
        private int _depth;

        public Decoder(Action<long> charge) => _charge = charge;

        public StarlarkValue Decode(YamlNode node)
        {
            if (node.Anchor is { } anchor)
            {
                _anchors[anchor] = node;
            }

            _charge(Size(node.Kind == YamlNodeKind.Scalar ? node.Value : null));
            switch (node.Kind)
            {
                case YamlNodeKind.Mapping:
                    Enter();
                    var dict = new StarlarkDict();
                    AddEntries(dict, node, merging: false);
                    _depth--;
                    return dict;
                case YamlNodeKind.Sequence:
                    Enter();
                    var list = new StarlarkList();
                    foreach (var child in node.Children)
                    {
                        list.Add(Decode(child));
                    }

                    _depth--;
                    return list;
                case YamlNodeKind.Alias:
                    Enter();
                    var value = Decode(Target(node));
                    _depth--;
                    return value;
                default:
                    return ResolveScalar(node);
            }
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw new KrmFunctionException("cannot convert YAML to Starlark: nesting exceeds the maximum depth of " + MaxDepth.ToString(CultureInfo.InvariantCulture));
            }
        }

        private YamlNode Target(YamlNode alias)
        {
            if (!_anchors.TryGetValue(alias.Value, out var target))
            {
                throw new KrmFunctionException("unknown anchor '" + alias.Value + "' referenced");
            }

            if (++_aliasDepth > 1000)
            {
                throw new KrmFunctionException("anchor '" + alias.Value + "' value contains itself");
            }

            return target;
        }

        /// <summary>Adds a mapping's entries; <c>&lt;&lt;</c> merges add only keys not already set, as go-yaml's merge does.</summary>
        private void AddEntries(StarlarkDict dict, YamlNode mapping, bool merging)
        {
            for (var i = 0; i + 1 < mapping.Children.Count; i += 2)
            {
                var keyNode = mapping.Children[i];
                var valueNode = mapping.Children[i + 1];
                if (keyNode.Kind == YamlNodeKind.Scalar && keyNode.Value == "<<" && keyNode.Tag is null && keyNode.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any)
                {
                    Merge(dict, valueNode);
                    continue;
                }

                var key = keyNode.Kind == YamlNodeKind.Scalar ? ResolveScalar(keyNode) : Decode(keyNode);
                if (merging && dict.ContainsKey(key))
                {
                    continue;
                }

                dict[key] = Decode(valueNode);
            }
        }

        private void Merge(StarlarkDict dict, YamlNode source)
        {
            if (source.Anchor is { } anchor)
            {
                _anchors[anchor] = source;
            }

            var resolved = source.Kind == YamlNodeKind.Alias ? Target(source) : source;
            if (resolved.Kind == YamlNodeKind.Mapping)
            {
                AddEntries(dict, resolved, merging: true);
            }
            else if (resolved.Kind == YamlNodeKind.Sequence)
            {
                foreach (var item in resolved.Children)
                {
                    var m = item.Kind == YamlNodeKind.Alias ? Target(item) : item;
                    if (m.Kind == YamlNodeKind.Mapping)
                    {
                        AddEntries(dict, m, merging: true);
                    }
                }
            }
        }
    }

    private sealed class Encoder
    {
        private readonly HashSet<StarlarkValue> _active = new(ReferenceEqualityComparer.Instance);
        private readonly Action<long> _charge;

        public Encoder(Action<long> charge) => _charge = charge;

        public YamlNode Encode(StarlarkValue value)
        {
            _charge(Size(value is StarlarkString str ? str.Value : null));
            switch (value)
            {
                case StarlarkNone:
                    return YamlNode.Scalar("null", YamlScalarStyle.Plain);
                case StarlarkBool b:
                    return YamlNode.Bool(b.Value);
                case StarlarkInt i:
                    return YamlNode.Scalar(i.ToBigInteger().ToString(CultureInfo.InvariantCulture), YamlScalarStyle.Plain);
                case StarlarkFloat f:
                    return YamlNode.Scalar(GoFloat.FormatYaml(f.Value), YamlScalarStyle.Plain);
                case StarlarkString s:
                    return YamlNode.String(s.Value);
                case StarlarkBytes bytes:
                    return YamlNode.String(System.Text.Encoding.UTF8.GetString(bytes.ToArray()));
                case StarlarkList list:
                    return Sequence(list, list);
                case StarlarkTuple tuple:
                    return Sequence(tuple, tuple);
                case StarlarkSet set:
                    return Sequence(set, set);
                case StarlarkDict dict:
                    return Mapping(dict, dict.Select(e => (e.Key, e.Value)));
                case StarlarkStruct st:
                    return Mapping(st, st.FieldNames.Select(n => ((StarlarkValue)new StarlarkString(n), st.TryGetField(n, out var v) ? v : StarlarkNone.Instance)));
                default:
                    throw new KrmFunctionException(UnrecognizedTypePrefix + value.Type);
            }
        }

        private YamlNode Sequence(StarlarkValue owner, IEnumerable<StarlarkValue> items)
        {
            Enter(owner);
            var seq = YamlNode.Sequence();
            foreach (var item in items)
            {
                seq.Add(Encode(item));
            }

            seq.IsFlow = seq.Children.Count == 0;
            _active.Remove(owner);
            return seq;
        }

        private YamlNode Mapping(StarlarkValue owner, IEnumerable<(StarlarkValue Key, StarlarkValue Value)> entries)
        {
            Enter(owner);
            var sorted = entries.ToList();
            sorted.Sort((a, b) => GoYamlKeyOrder.Compare(a.Key, b.Key));
            var map = YamlNode.Mapping();
            foreach (var (key, value) in sorted)
            {
                if (key is StarlarkString keyString)
                {
                    _charge(Size(keyString.Value));
                }

                map.Children.Add(EncodeKey(key));
                map.Children.Add(Encode(value));
            }

            map.IsFlow = map.Children.Count == 0;
            _active.Remove(owner);
            return map;
        }

        private YamlNode EncodeKey(StarlarkValue key) => key switch
        {
            StarlarkString s => YamlNode.String(s.Value),
            StarlarkNone or StarlarkBool or StarlarkInt or StarlarkFloat => Encode(key),
            _ => throw new KrmFunctionException(UnrecognizedTypePrefix + key.Type),
        };

        private void Enter(StarlarkValue owner)
        {
            if (_active.Count >= MaxDepth)
            {
                throw new KrmFunctionException("cannot convert to YAML: nesting exceeds the maximum depth of " + MaxDepth.ToString(CultureInfo.InvariantCulture));
            }

            if (!_active.Add(owner))
            {
                throw new KrmFunctionException("cannot convert a " + owner.Type + " that contains itself to YAML");
            }
        }
    }
}
