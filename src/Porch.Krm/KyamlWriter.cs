// Longer than ~500 lines on purpose: one writer: go-yaml's emitter rules (styles, comments, indentation, quoting) read
// best together, in the order go-yaml's emitterc.go applies them.
using System.Text;

namespace Porch.Krm;

/// <summary>
/// Writes documents with the bytes kpt's <c>kio.ByteWriter</c> produces (go-yaml v3 emitter, indent 2, unlimited
/// width, compact or wide sequences per document).
/// </summary>
internal sealed class KyamlWriter
{
    private const int Indent = 2;

    [ThreadStatic]
    private static int s_lastLength;
    private readonly PooledText _sb;
    private bool _wide;
    private int _footIndent = -1;
    private int _depth;

    private KyamlWriter(PooledText sb) => _sb = sb;

    public static string Write(IReadOnlyList<YamlDocument> documents)
    {
        // Starting at the size of the last text written on this thread saves growing (copying) a large one each time.
        using var sb = new PooledText(Math.Clamp(s_lastLength, 1024, 1 << 20));
        var writer = new KyamlWriter(sb);
        for (var i = 0; i < documents.Count; i++)
        {
            if (i > 0)
            {
                sb.Append("---\n");
            }

            writer.WriteDocument(documents[i]);
        }

        s_lastLength = sb.Length;
        return sb.ToString();
    }

    /// <summary>Writes a node on one line in flow style (for diagnostics and ToString).</summary>
    internal static string WriteFlowLike(YamlNode node)
    {
        using var sb = new PooledText(256);
        var writer = new KyamlWriter(sb);
        writer.WriteFlow(node, 0);
        return sb.ToString();
    }

    private void WriteDocument(YamlDocument doc)
    {
        _wide = doc.SequenceIndent == SequenceIndentStyle.Wide;
        _footIndent = -1;
        if (!string.IsNullOrEmpty(doc.HeadComment))
        {
            WriteComment(doc.HeadComment, 0);
            _sb.Append('\n');
            _footIndent = -1;
        }

        var root = doc.Root;
        var blockRoot = root.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence && !root.IsFlow && root.Children.Count > 0 && root.Anchor is null && root.Tag is null;
        if (blockRoot && !string.IsNullOrEmpty(root.HeadComment))
        {
            // A collection's own head comment (a list item's, moved out of its list) goes above its first line.
            WriteComment(root.HeadComment, 0);
        }

        if (blockRoot && root.Kind == YamlNodeKind.Mapping)
        {
            WriteMapping(root, 0, firstOnLine: false);
        }
        else if (blockRoot)
        {
            WriteSequence(root, 0, firstOnLine: false);
        }
        else
        {
            if (!string.IsNullOrEmpty(root.HeadComment))
            {
                WriteComment(root.HeadComment, 0);
            }

            BeginLine(0);
            WriteInlineValue(root, 0, Context.Block, leadingSpace: false);
            AppendLineComment(root.LineComment);
            _sb.Append('\n');
            if (!string.IsNullOrEmpty(root.FootComment))
            {
                WriteComment(root.FootComment, 0);
            }
        }

        if (!string.IsNullOrEmpty(doc.FootComment))
        {
            _footIndent = -1;
            _sb.Append('\n');
            WriteComment(doc.FootComment, 0);
        }
    }

    private enum Context
    {
        Block,
        Flow,
        SimpleKey,
    }

    private void BeginLine(int column)
    {
        if (_footIndent >= 0)
        {
            if (column == _footIndent)
            {
                _sb.Append('\n');
            }

            _footIndent = -1;
        }

        _sb.Append(' ', column);
    }

    private void WriteComment(string comment, int column)
    {
        var previousEmpty = false;
        foreach (var line in comment.Split('\n'))
        {
            if (line.Length == 0)
            {
                if (!previousEmpty)
                {
                    _sb.Append('\n');
                }

                previousEmpty = true;
                continue;
            }

            previousEmpty = false;
            BeginLine(column);
            _sb.Append(line).Append('\n');
        }
    }

    private void AppendLineComment(string? comment)
    {
        if (!string.IsNullOrEmpty(comment))
        {
            _sb.Append(' ').Append(comment.Replace("\n", " ", StringComparison.Ordinal));
        }
    }

    private static bool IsBlockCollection(YamlNode node) =>
        node.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence && !node.IsFlow && node.Children.Count > 0;

    private void WriteMapping(YamlNode map, int indent, bool firstOnLine)
    {
        KrmLimits.CheckDepth(++_depth);
        for (var i = 0; i + 1 < map.Children.Count; i += 2)
        {
            var key = map.Children[i];
            var value = map.Children[i + 1];
            var onDashLine = firstOnLine && i == 0;
            if (!string.IsNullOrEmpty(key.HeadComment))
            {
                if (onDashLine)
                {
                    // "- # comment" then the first key on the next line.
                    var lines = key.HeadComment.Split('\n');
                    _sb.Append(lines[0]).Append('\n');
                    if (lines.Length > 1)
                    {
                        WriteComment(string.Join('\n', lines, 1, lines.Length - 1), indent);
                    }

                    onDashLine = false;
                }
                else
                {
                    WriteComment(key.HeadComment, indent);
                }
            }

            if (!onDashLine)
            {
                BeginLine(indent);
            }

            WriteEntry(key, value, indent);
            if (!string.IsNullOrEmpty(key.FootComment))
            {
                WriteComment(key.FootComment, indent);
                _footIndent = indent;
            }

            if (!string.IsNullOrEmpty(value.FootComment) && value.Kind is YamlNodeKind.Scalar or YamlNodeKind.Alias)
            {
                WriteComment(value.FootComment, indent);
                _footIndent = indent;
            }
        }
        _depth--;
    }

    private void WriteEntry(YamlNode key, YamlNode value, int indent)
    {
        var complex = IsComplexKey(key);
        if (complex)
        {
            _sb.Append("? ");
            if (IsBlockCollection(key))
            {
                WriteFlow(key, indent);
            }
            else
            {
                WriteInlineValue(key, indent, Context.Block, leadingSpace: false);
            }

            _sb.Append('\n');
            BeginLine(indent);
            _sb.Append(':');
        }
        else
        {
            WriteKey(key, indent);
            _sb.Append(':');
        }

        var lineComment = Combine(key.LineComment, value.LineComment);
        if (IsBlockCollection(value))
        {
            WriteProperties(value);
            AppendLineComment(lineComment);
            _sb.Append('\n');
            if (!string.IsNullOrEmpty(value.HeadComment))
            {
                WriteComment(value.HeadComment, value.Kind == YamlNodeKind.Sequence ? SequenceColumn(indent) : indent + Indent);
            }

            if (value.Kind == YamlNodeKind.Mapping)
            {
                WriteMapping(value, indent + Indent, firstOnLine: false);
            }
            else
            {
                WriteSequence(value, SequenceColumn(indent), firstOnLine: false);
            }

            if (!string.IsNullOrEmpty(value.FootComment))
            {
                WriteComment(value.FootComment, indent);
                _footIndent = indent;
            }

            return;
        }

        if (value.Kind == YamlNodeKind.Scalar && value.Value.Length == 0 && value.Style == YamlScalarStyle.Plain && value.Tag is null && value.Anchor is null)
        {
            AppendLineComment(lineComment);
            _sb.Append('\n');
            return;
        }

        WriteInlineValue(value, indent, Context.Block, leadingSpace: true, lineComment);
    }

    private int SequenceColumn(int keyIndent) => _wide ? keyIndent + Indent : keyIndent;

    private void WriteSequence(YamlNode seq, int column, bool firstOnLine)
    {
        KrmLimits.CheckDepth(++_depth);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            var onLine = firstOnLine && i == 0;
            if (!string.IsNullOrEmpty(item.HeadComment))
            {
                WriteComment(item.HeadComment, column);
                onLine = false;
            }

            if (!onLine)
            {
                BeginLine(column);
            }

            _sb.Append('-');
            if (IsBlockCollection(item))
            {
                if (item.Anchor is not null || item.Tag is not null || !string.IsNullOrEmpty(item.LineComment))
                {
                    WriteProperties(item);
                    AppendLineComment(item.LineComment);
                    _sb.Append('\n');
                    if (item.Kind == YamlNodeKind.Mapping)
                    {
                        WriteMapping(item, column + Indent, firstOnLine: false);
                    }
                    else
                    {
                        WriteSequence(item, column + Indent, firstOnLine: false);
                    }
                }
                else
                {
                    _sb.Append(' ');
                    if (item.Kind == YamlNodeKind.Mapping)
                    {
                        WriteMapping(item, column + Indent, firstOnLine: true);
                    }
                    else
                    {
                        WriteSequence(item, column + Indent, firstOnLine: true);
                    }
                }
            }
            else if (item.Kind == YamlNodeKind.Scalar && item.Value.Length == 0 && item.Style == YamlScalarStyle.Plain && item.Tag is null && item.Anchor is null)
            {
                AppendLineComment(item.LineComment);
                _sb.Append('\n');
            }
            else
            {
                WriteInlineValue(item, column, Context.Block, leadingSpace: true, item.LineComment);
            }

            if (!string.IsNullOrEmpty(item.FootComment))
            {
                WriteComment(item.FootComment, column);
                _footIndent = column;
            }
        }
        _depth--;
    }

    private static string? Combine(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + " " + b;

    private void WriteProperties(YamlNode node)
    {
        if (node.Anchor is not null)
        {
            _sb.Append(" &").Append(node.Anchor);
        }

        if (node.Tag is not null)
        {
            _sb.Append(' ').Append(node.Tag);
        }
    }

    private static bool IsComplexKey(YamlNode key)
    {
        if (key.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence)
        {
            return true;
        }

        if (key.Kind == YamlNodeKind.Alias)
        {
            return false;
        }

        var length = Encoding.UTF8.GetByteCount(key.Value) + (key.Anchor?.Length + 1 ?? 0) + (key.Tag?.Length ?? 0);
        return length > 128 || key.Value.Contains('\n', StringComparison.Ordinal);
    }

    private void WriteKey(YamlNode key, int indent)
    {
        if (key.Kind == YamlNodeKind.Alias)
        {
            _sb.Append('*').Append(key.Value).Append(' ');
            return;
        }

        var tag = key.Tag;
        if (tag is null && key.Style == YamlScalarStyle.Plain && key.Value == "<<")
        {
            tag = "!!merge";
        }

        if (key.Anchor is not null)
        {
            _sb.Append('&').Append(key.Anchor).Append(' ');
        }

        if (tag is not null)
        {
            _sb.Append(tag).Append(' ');
        }

        WriteScalarText(key, indent, Context.SimpleKey, tag is not null);
    }

    /// <summary>Writes a scalar, alias or flow/empty collection after a key or dash, then the line comment and the line break.</summary>
    private void WriteInlineValue(YamlNode node, int indent, Context context, bool leadingSpace, string? lineComment = null)
    {
        if (leadingSpace)
        {
            _sb.Append(' ');
        }

        if (node.Kind == YamlNodeKind.Alias)
        {
            _sb.Append('*').Append(node.Value);
            if (leadingSpace)
            {
                AppendLineComment(lineComment);
                _sb.Append('\n');
            }

            return;
        }

        if (node.Anchor is not null)
        {
            _sb.Append('&').Append(node.Anchor).Append(' ');
        }

        if (node.Tag is not null)
        {
            _sb.Append(node.Tag).Append(' ');
        }

        if (node.Kind != YamlNodeKind.Scalar)
        {
            WriteFlow(node, indent);
            if (leadingSpace)
            {
                AppendLineComment(lineComment);
                _sb.Append('\n');
            }

            return;
        }

        if (context == Context.Block && leadingSpace && (node.Anchor is not null || node.Tag is not null) && node.Value.Length == 0 &&
            node.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any)
        {
            // emitterc.go: an empty plain scalar stays plain in block context (block_plain_allowed), so after its
            // properties nothing is written (`a: !!null`, `- &x`), not `''`.
            _sb.Length--;
            AppendLineComment(lineComment);
            _sb.Append('\n');
            return;
        }

        var style = SelectStyle(node, context, node.Tag is not null);
        if (style is YamlScalarStyle.Literal or YamlScalarStyle.Folded)
        {
            WriteBlockScalar(node.Value, style, indent + Indent, lineComment);
            return;
        }

        WriteScalarWithStyle(node.Value, style, indent + Indent);
        if (leadingSpace)
        {
            AppendLineComment(lineComment);
            _sb.Append('\n');
        }
    }

    private void WriteScalarText(YamlNode node, int indent, Context context, bool tagged)
    {
        var style = SelectStyle(node, context, tagged);
        WriteScalarWithStyle(node.Value, style, indent + Indent);
    }

    private static YamlScalarStyle SelectStyle(YamlNode node, Context context, bool tagged)
    {
        var value = node.Value;
        var style = node.Style;
        if (style == YamlScalarStyle.Any)
        {
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                style = YamlScalarStyle.Literal;
            }
            else if (!tagged && (ScalarAnalysis.ResolvesToNonString(value) || ScalarAnalysis.IsYaml11Bool(value) || IsYaml11Structure(value)))
            {
                style = YamlScalarStyle.DoubleQuoted;
            }
            else
            {
                style = YamlScalarStyle.Plain;
            }
        }
        else if (style == YamlScalarStyle.Plain && value.Contains('\n', StringComparison.Ordinal))
        {
            style = YamlScalarStyle.Literal;
        }

        var a = ScalarAnalysis.Analyze(value);
        if (context == Context.SimpleKey && a.Multiline)
        {
            style = YamlScalarStyle.DoubleQuoted;
        }

        if (style == YamlScalarStyle.Plain)
        {
            if ((context == Context.Flow && !a.FlowPlain) || (context != Context.Flow && !a.BlockPlain))
            {
                style = YamlScalarStyle.SingleQuoted;
            }

            if (value.Length == 0 && context is Context.Flow or Context.SimpleKey)
            {
                style = YamlScalarStyle.SingleQuoted;
            }
        }

        if (style == YamlScalarStyle.SingleQuoted && !a.SingleQuoted)
        {
            style = YamlScalarStyle.DoubleQuoted;
        }

        if (style is YamlScalarStyle.Literal or YamlScalarStyle.Folded && (!a.Block || context != Context.Block))
        {
            style = YamlScalarStyle.DoubleQuoted;
        }

        return style;
    }

    /// <summary>Texts a YAML 1.1 reader takes as structure or as nothing, which kyaml's field setter double-quotes.</summary>
    private static bool IsYaml11Structure(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (value is "-" or "?" or "---" or "...")
        {
            return true;
        }

        if (value.StartsWith("- ", StringComparison.Ordinal) || value.StartsWith("? ", StringComparison.Ordinal) || value.StartsWith('#') || value.StartsWith('&'))
        {
            return true;
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return !value.StartsWith('{') && !value.StartsWith('[') && !value.StartsWith('\'') && !value.StartsWith('"') && !value.StartsWith('*') && !value.StartsWith('!')
                && !value.StartsWith('%') && !value.StartsWith('@') && !value.StartsWith('`') && !value.StartsWith('|') && !value.StartsWith('>');
        }

        if (value.StartsWith('{') && value.EndsWith('}') && value.IndexOf('{', 1) < 0)
        {
            return true;
        }

        return value.StartsWith('[') && value.EndsWith(']') && value.IndexOf('[', 1) < 0;
    }

    private void WriteScalarWithStyle(string value, YamlScalarStyle style, int continuationIndent)
    {
        switch (style)
        {
            case YamlScalarStyle.SingleQuoted:
                WriteSingleQuoted(value, continuationIndent);
                break;
            case YamlScalarStyle.DoubleQuoted:
                WriteDoubleQuoted(value);
                break;
            default:
                _sb.Append(value);
                break;
        }
    }

    private void WriteSingleQuoted(string value, int continuationIndent)
    {
        _sb.Append('\'');
        var breaks = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\n')
            {
                if (!breaks)
                {
                    _sb.Append('\n');
                }

                _sb.Append('\n');
                breaks = true;
                continue;
            }

            if (breaks)
            {
                _sb.Append(' ', continuationIndent);
            }

            if (c == '\'')
            {
                _sb.Append('\'');
            }

            _sb.Append(c);
            breaks = false;
        }

        if (breaks)
        {
            _sb.Append(' ', continuationIndent);
        }

        _sb.Append('\'');
    }

    private void WriteDoubleQuoted(string value)
    {
        _sb.Append('"');
        Span<char> utf16 = stackalloc char[2];
        var escapeAll = value.Length > 0 && value[0] == '\uFEFF';
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (escapeAll || !ScalarAnalysis.IsPrintable(c) || ScalarAnalysis.IsBreak(c) || c == '"' || c == '\\' || c == 0xFEFF)
            {
                _sb.Append('\\');
                switch (c)
                {
                    case 0x00: _sb.Append('0'); break;
                    case 0x07: _sb.Append('a'); break;
                    case 0x08: _sb.Append('b'); break;
                    case 0x09: _sb.Append('t'); break;
                    case 0x0A: _sb.Append('n'); break;
                    case 0x0B: _sb.Append('v'); break;
                    case 0x0C: _sb.Append('f'); break;
                    case 0x0D: _sb.Append('r'); break;
                    case 0x1B: _sb.Append('e'); break;
                    case 0x22: _sb.Append('"'); break;
                    case 0x5C: _sb.Append('\\'); break;
                    case 0x85: _sb.Append('N'); break;
                    case 0xA0: _sb.Append('_'); break;
                    case 0x2028: _sb.Append('L'); break;
                    case 0x2029: _sb.Append('P'); break;
                    default:
                        if (c <= 0xFF)
                        {
                            _sb.Append('x').Append(ScalarAnalysis.Hex(c, 2));
                        }
                        else if (c <= 0xFFFF)
                        {
                            _sb.Append('u').Append(ScalarAnalysis.Hex(c, 4));
                        }
                        else
                        {
                            _sb.Append('U').Append(ScalarAnalysis.Hex(c, 8));
                        }

                        break;
                }

                continue;
            }

            _sb.Append(utf16[..rune.EncodeToUtf16(utf16)]);
        }

        _sb.Append('"');
    }

    private void WriteBlockScalar(string value, YamlScalarStyle style, int contentIndent, string? lineComment)
    {
        _sb.Append(style == YamlScalarStyle.Literal ? '|' : '>');
        if (value.Length > 0 && (value[0] == ' ' || value[0] == '\n'))
        {
            _sb.Append('2');
        }

        if (!value.EndsWith('\n'))
        {
            _sb.Append('-');
        }
        else if (value.Length == 1 || value.EndsWith("\n\n", StringComparison.Ordinal))
        {
            _sb.Append('+');
        }

        AppendLineComment(lineComment);
        _sb.Append('\n');
        var breaks = true;
        if (style == YamlScalarStyle.Literal)
        {
            foreach (var c in value)
            {
                if (c == '\n')
                {
                    _sb.Append('\n');
                    breaks = true;
                    continue;
                }

                if (breaks)
                {
                    _sb.Append(' ', contentIndent);
                }

                _sb.Append(c);
                breaks = false;
            }
        }
        else
        {
            // go-yaml's folded writer doubles a break after a line that starts with a non-blank, unless the whole
            // text starts with a blank or break (it looks at the text's first character, not the line's).
            var doubling = !(value.Length > 0 && value[0] is ' ' or '\t' or '\n');
            var leadingSpaces = true;
            foreach (var c in value)
            {
                if (c == '\n')
                {
                    if (!breaks && !leadingSpaces && doubling)
                    {
                        _sb.Append('\n');
                    }

                    _sb.Append('\n');
                    breaks = true;
                    continue;
                }

                if (breaks)
                {
                    _sb.Append(' ', contentIndent);
                    leadingSpaces = c is ' ' or '\t';
                }

                _sb.Append(c);
                breaks = false;
            }
        }

        if (!breaks || value.Length == 0)
        {
            _sb.Append('\n');
        }
    }

    private void WriteFlow(YamlNode node, int indent)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Alias:
                _sb.Append('*').Append(node.Value);
                return;
            case YamlNodeKind.Scalar:
                if (node.Anchor is not null)
                {
                    _sb.Append('&').Append(node.Anchor).Append(' ');
                }

                if (node.Tag is not null)
                {
                    _sb.Append(node.Tag).Append(' ');
                }

                WriteScalarWithStyle(node.Value, SelectStyle(node, Context.Flow, node.Tag is not null), indent + Indent);
                return;
        }

        KrmLimits.CheckDepth(++_depth);
        var mapping = node.Kind == YamlNodeKind.Mapping;
        _sb.Append(mapping ? '{' : '[');
        var step = mapping ? 2 : 1;
        for (var i = 0; i < node.Children.Count; i += step)
        {
            if (i > 0)
            {
                _sb.Append(',');
                var previous = node.Children[i - 1];
                if (!string.IsNullOrEmpty(previous.LineComment))
                {
                    _sb.Append(' ').Append(previous.LineComment).Append('\n').Append(' ', indent + Indent);
                }
                else
                {
                    _sb.Append(' ');
                }
            }

            var child = node.Children[i];
            if (child.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence)
            {
                WriteProperties(child, inFlow: true);
                WriteFlow(child, indent);
            }
            else
            {
                WriteFlow(child, indent);
            }

            if (mapping)
            {
                var value = node.Children[i + 1];
                _sb.Append(':');
                if (!(value.Kind == YamlNodeKind.Scalar && value.Value.Length == 0 && value.Style == YamlScalarStyle.Plain && value.Tag is null && value.Anchor is null))
                {
                    _sb.Append(' ');
                    if (value.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence)
                    {
                        WriteProperties(value, inFlow: true);
                    }

                    WriteFlow(value, indent);
                }
            }
        }

        _sb.Append(mapping ? '}' : ']');
        _depth--;
    }

    private void WriteProperties(YamlNode node, bool inFlow)
    {
        _ = inFlow;
        if (node.Anchor is not null)
        {
            _sb.Append('&').Append(node.Anchor).Append(' ');
        }

        if (node.Tag is not null)
        {
            _sb.Append(node.Tag).Append(' ');
        }
    }
}
