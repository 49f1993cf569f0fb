using System.Globalization;
using System.Numerics;
using System.Text;

namespace Porch.Krm;

/// <summary>
/// Writes a resource as kpt writes a single-resource <c>.json</c> file: decoded into generic values and
/// re-encoded like Go's <c>encoding/json</c> with 2-space indentation, sorted keys and HTML-safe escaping.
/// </summary>
internal static class KrmJsonWriter
{
    /// <summary>Writes <paramref name="root"/> as JSON, expanding aliases with go-yaml v3's limits.</summary>
    /// <param name="root">The resource.</param>
    /// <param name="filePath">The file, for error messages.</param>
    /// <returns>The JSON text with a final newline.</returns>
    /// <exception cref="KrmYamlException">The aliases expand to too much or to themselves, or the tree is too deep.</exception>
    public static string Write(YamlNode root, string? filePath = null)
    {
        var sb = new StringBuilder();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        CollectAnchors(root, anchors, 1, filePath);
        new Expansion(anchors, filePath).WriteValue(root, 0, sb, 1);
        sb.Append('\n');
        return sb.ToString();
    }

    private static void CollectAnchors(YamlNode node, Dictionary<string, YamlNode> anchors, int depth, string? filePath)
    {
        if (node.Anchor is not null)
        {
            anchors[node.Anchor] = node;
        }

        if (node.Children.Count > 0)
        {
            KrmLimits.CheckDepth(depth, filePath);
        }

        foreach (var child in node.Children)
        {
            CollectAnchors(child, anchors, depth + 1, filePath);
        }
    }

    /// <summary>
    /// Decoding with aliases followed, counted as go-yaml v3's decoder counts (every node decoded, and those decoded
    /// through an alias), so that a small document cannot expand to a huge one ("billion laughs").
    /// </summary>
    private sealed class Expansion(Dictionary<string, YamlNode> anchors, string? filePath)
    {
        private readonly HashSet<YamlNode> _expanding = new(ReferenceEqualityComparer.Instance);
        private long _decodeCount;
        private long _aliasCount;
        private int _aliasDepth;

        public void WriteValue(YamlNode node, int indent, StringBuilder sb, int depth)
        {
            Count();
            if (node.Kind == YamlNodeKind.Alias)
            {
                if (!anchors.TryGetValue(node.Value, out var target))
                {
                    WriteScalar(YamlNode.Null(), sb);
                    return;
                }

                if (!_expanding.Add(node))
                {
                    throw new KrmYamlException(filePath, 0, 0, "anchor '" + node.Value + "' value contains itself");
                }

                _aliasDepth++;
                WriteValue(target, indent, sb, depth);
                _aliasDepth--;
                _expanding.Remove(node);
                return;
            }

            switch (node.Kind)
            {
                case YamlNodeKind.Mapping:
                    var entries = new SortedDictionary<string, YamlNode>(StringComparer.Ordinal);
                    foreach (var (k, v) in node.Entries)
                    {
                        entries[k.Value] = v;
                    }

                    if (entries.Count == 0)
                    {
                        sb.Append("{}");
                        return;
                    }

                    KrmLimits.CheckDepth(depth, filePath);
                    sb.Append("{\n");
                    var i = 0;
                    foreach (var (k, v) in entries)
                    {
                        sb.Append(' ', indent + 2);
                        WriteString(k, sb);
                        sb.Append(": ");
                        WriteValue(v, indent + 2, sb, depth + 1);
                        sb.Append(++i < entries.Count ? ",\n" : "\n");
                    }

                    sb.Append(' ', indent).Append('}');
                    return;
                case YamlNodeKind.Sequence:
                    if (node.Children.Count == 0)
                    {
                        sb.Append("[]");
                        return;
                    }

                    KrmLimits.CheckDepth(depth, filePath);
                    sb.Append("[\n");
                    for (var j = 0; j < node.Children.Count; j++)
                    {
                        sb.Append(' ', indent + 2);
                        WriteValue(node.Children[j], indent + 2, sb, depth + 1);
                        sb.Append(j + 1 < node.Children.Count ? ",\n" : "\n");
                    }

                    sb.Append(' ', indent).Append(']');
                    return;
                default:
                    WriteScalar(node, sb);
                    return;
            }
        }

        private void Count()
        {
            _decodeCount++;
            if (_aliasDepth > 0)
            {
                _aliasCount++;
            }

            if (KrmLimits.IsExcessiveAliasing(_aliasCount, _decodeCount))
            {
                throw new KrmYamlException(filePath, 0, 0, KrmLimits.ExcessiveAliasingProblem);
            }
        }
    }

    private static void WriteScalar(YamlNode node, StringBuilder sb)
    {
        var text = node.Value;
        var plain = node.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any && (node.Tag is null || node.Tag is "!!int" or "!!float" or "!!bool" or "!!null");
        if (!plain)
        {
            WriteString(text, sb);
            return;
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                sb.Append("null");
                return;
            case "true" or "True" or "TRUE":
                sb.Append("true");
                return;
            case "false" or "False" or "FALSE":
                sb.Append("false");
                return;
        }

        if (TryInteger(text, out var integer))
        {
            sb.Append(integer.ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (ScalarAnalysis.ResolvesToNonString(text) && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            sb.Append(FormatFloat(number));
            return;
        }

        WriteString(text, sb);
    }

    private static bool TryInteger(string text, out BigInteger value)
    {
        value = default;
        var t = text.Replace("_", "", StringComparison.Ordinal);
        var negative = t.StartsWith('-');
        if (t.StartsWith('-') || t.StartsWith('+'))
        {
            t = t[1..];
        }

        if (t.Length == 0)
        {
            return false;
        }

        int radix = 10;
        if (t.StartsWith("0x", StringComparison.Ordinal))
        {
            radix = 16;
            t = t[2..];
        }
        else if (t.StartsWith("0o", StringComparison.Ordinal))
        {
            radix = 8;
            t = t[2..];
        }
        else if (t.StartsWith("0b", StringComparison.Ordinal))
        {
            radix = 2;
            t = t[2..];
        }
        else if (t.Length > 1 && t[0] == '0')
        {
            radix = 8;
            t = t[1..];
        }

        if (t.Length == 0)
        {
            return false;
        }

        BigInteger result = 0;
        foreach (var c in t)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            result = (result * radix) + digit;
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Go's <c>encoding/json</c> float64 format: shortest round-trip digits, exponent only outside 1e-6..1e21.</summary>
    private static string FormatFloat(double value)
    {
        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var e = value.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
            var idx = e.IndexOf('e', StringComparison.Ordinal);
            if (idx >= 0 && e.Length - idx == 4 && e[idx + 2] == '0')
            {
                e = e[..(idx + 2)] + e[(idx + 3)..];
            }

            return e;
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            text = ((decimal)value).ToString(CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static void WriteString(string text, StringBuilder sb) => GoString.AppendJson(sb, text);
}
