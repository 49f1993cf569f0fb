namespace Porch.Krm.Yaml;

/// <summary>The token kinds of go-yaml v3's scanner (<c>yamlh.go</c>, <c>yaml_token_type_t</c>), plus comments.</summary>
internal enum YamlTokenKind : byte
{
    None,
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,

    /// <summary>A comment from its '#' to the end of its line (go-yaml keeps these beside the tokens).</summary>
    Comment,
}

/// <summary>The scalar styles of <c>yaml_scalar_style_t</c>.</summary>
internal enum YamlTokenStyle : byte
{
    None,
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>A position in the scanned text: the character index and the 1-based line and column.</summary>
internal readonly record struct YamlMark(int Index, int Line, int Column);

/// <summary>
/// One token of <see cref="YamlScanner"/>: its kind, where it starts and ends, and its value, which is either a range of
/// the scanned text (made a string only when asked for) or a string the scanner had to build (folded lines, escapes).
/// </summary>
internal readonly struct YamlToken
{
    private readonly string? _cooked;

    public YamlToken(YamlTokenKind kind, YamlMark start, YamlMark end, YamlTokenStyle style = YamlTokenStyle.None, int valueStart = 0, int valueLength = 0, string? cooked = null)
    {
        Kind = kind;
        Start = start;
        End = end;
        Style = style;
        ValueStart = valueStart;
        ValueLength = valueLength;
        _cooked = cooked;
    }

    public YamlTokenKind Kind { get; }

    public YamlTokenStyle Style { get; }

    public YamlMark Start { get; }

    public YamlMark End { get; }

    /// <summary>Where the value's text starts (scalars, anchors, aliases, comments after their '#'), or the major version of a %YAML directive.</summary>
    public int ValueStart { get; }

    /// <summary>The value's length, or the minor version of a %YAML directive.</summary>
    public int ValueLength { get; }

    /// <summary>Whether the value is a range of the text rather than a string the scanner built.</summary>
    public bool IsRange => _cooked is null;

    /// <summary>The value: the scanner's string, or the range of <paramref name="text"/> cut out now.</summary>
    public string Value(string text) => _cooked ?? text.Substring(ValueStart, ValueLength);

    /// <summary>The value without making a string when it is a range of <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> ValueSpan(string text) => _cooked is null ? text.AsSpan(ValueStart, ValueLength) : _cooked.AsSpan();
}
