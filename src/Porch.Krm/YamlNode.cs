using System.Globalization;

namespace Porch.Krm;

/// <summary>
/// A YAML node that keeps what kpt's YAML library keeps: key order, scalar text and style, tags, anchors,
/// flow or block layout, and comments in head, line and foot positions.
/// </summary>
/// <remarks>
/// A mapping stores its entries as alternating key and value nodes in <see cref="Children"/>, as go-yaml does.
/// Comments are stored verbatim, each line starting with <c>#</c>; several lines are joined with <c>\n</c>, and an
/// empty line inside a comment block is an empty string between them.
/// </remarks>
public sealed class YamlNode
{
    /// <summary>The children; a scalar's list is made only when something asks for it.</summary>
    private YamlNodeList? _list;

    /// <summary>Tag, anchor and comments, which most nodes have none of: made when the first is set.</summary>
    private Extras? _extras;

    /// <summary>Kind and style kept in a byte each (a package holds many nodes).</summary>
    private readonly byte _kind;
    private byte _style;
    private bool _isFlow;
    private string _value;

    /// <summary>
    /// The mark of the <see cref="YamlUndoScope"/> that last recorded this node (0: none): a quick "not recorded here"
    /// test, never trusted alone. A byte, so that a node stays 56 bytes.
    /// </summary>
    internal byte UndoMark;

    private YamlNode(YamlNodeKind kind, string value, YamlScalarStyle style, YamlNode[]? children = null)
    {
        _kind = checked((byte)kind);
        _value = value;
        _style = checked((byte)style);
        _list = children is not null ? new YamlNodeList(this, children)
            : kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence ? new YamlNodeList(this) : null;
    }

    /// <summary>The kind of node.</summary>
    public YamlNodeKind Kind => (YamlNodeKind)_kind;

    /// <summary>The decoded text of a scalar, or the anchor name an alias refers to.</summary>
    public string Value
    {
        get => _value;
        set
        {
            if (!string.Equals(_value, value, StringComparison.Ordinal))
            {
                Changing();
            }

            _value = value;
        }
    }

    /// <summary>The scalar style (scalars only).</summary>
    public YamlScalarStyle Style
    {
        get => (YamlScalarStyle)_style;
        set
        {
            var style = checked((byte)value);
            if (style != _style)
            {
                Changing();
                _style = style;
            }
        }
    }

    /// <summary>Whether a mapping or sequence is written in flow style (<c>{a: 1}</c>, <c>[1, 2]</c>).</summary>
    public bool IsFlow
    {
        get => _isFlow;
        set
        {
            if (value != _isFlow)
            {
                Changing();
                _isFlow = value;
            }
        }
    }

    /// <summary>The explicit tag as written (e.g. <c>!!str</c>), or null when the node has none.</summary>
    public string? Tag
    {
        get => _extras?.Tag;
        set
        {
            if (!string.Equals(_extras?.Tag, value, StringComparison.Ordinal))
            {
                Changing();
                (_extras ??= new Extras()).Tag = value;
            }
        }
    }

    /// <summary>The anchor name (without <c>&amp;</c>), or null.</summary>
    public string? Anchor
    {
        get => _extras?.Anchor;
        set
        {
            if (!string.Equals(_extras?.Anchor, value, StringComparison.Ordinal))
            {
                Changing();
                (_extras ??= new Extras()).Anchor = value;
            }
        }
    }

    /// <summary>Comment lines directly above the node.</summary>
    public string? HeadComment
    {
        get => _extras?.HeadComment;
        set
        {
            if (!string.Equals(_extras?.HeadComment, value, StringComparison.Ordinal))
            {
                Changing();
                (_extras ??= new Extras()).HeadComment = value;
            }
        }
    }

    /// <summary>Comment at the end of the node's line.</summary>
    public string? LineComment
    {
        get => _extras?.LineComment;
        set
        {
            if (!string.Equals(_extras?.LineComment, value, StringComparison.Ordinal))
            {
                Changing();
                (_extras ??= new Extras()).LineComment = value;
            }
        }
    }

    /// <summary>Comment lines below the node.</summary>
    public string? FootComment
    {
        get => _extras?.FootComment;
        set
        {
            if (!string.Equals(_extras?.FootComment, value, StringComparison.Ordinal))
            {
                Changing();
                (_extras ??= new Extras()).FootComment = value;
            }
        }
    }

    /// <summary>The children: alternating keys and values for a mapping, items for a sequence.</summary>
    /// <remarks>A scalar or alias without children gives a shared empty, read-only list (reading a scalar's children makes nothing).</remarks>
    public IList<YamlNode> Children => _list is null && _kind is (byte)YamlNodeKind.Scalar or (byte)YamlNodeKind.Alias ? NoChildren : Kids;

    private static readonly IList<YamlNode> NoChildren = Array.AsReadOnly(Array.Empty<YamlNode>());

    private YamlNodeList Kids => _list ??= new YamlNodeList(this);

    private int ChildCount => _list?.Count ?? 0;

    /// <summary>The children as a span (valid until the next change).</summary>
    internal ReadOnlySpan<YamlNode> ChildSpan => _list is null ? default : _list.AsSpan();

    /// <summary>Whether the node is a scalar that YAML reads as null (<c>~</c>, <c>null</c>, or nothing).</summary>
    public bool IsNull => Kind == YamlNodeKind.Scalar && Style is YamlScalarStyle.Plain or YamlScalarStyle.Any && Tag is null
        && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Line (1-based) where the node started in its source, or 0 for a node made in code.</summary>
    internal int Line { get; set; }

    /// <summary>Column (1-based) where the node started in its source, or 0.</summary>
    internal int Column { get; set; }

    /// <summary>Last source line the node's text covers, or 0.</summary>
    internal int EndLine { get; set; }

    /// <summary>Creates a scalar.</summary>
    /// <param name="value">The text.</param>
    /// <param name="style">The style; <see cref="YamlScalarStyle.Any"/> lets the writer choose as kyaml does for new strings.</param>
    /// <returns>The node.</returns>
    public static YamlNode Scalar(string value, YamlScalarStyle style = YamlScalarStyle.Any)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new YamlNode(YamlNodeKind.Scalar, value, style);
    }

    /// <summary>Creates a string scalar whose style the writer picks the way kyaml's field setter does.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The node.</returns>
    public static YamlNode String(string value) => Scalar(value, YamlScalarStyle.Any);

    /// <summary>Creates an integer scalar.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The node.</returns>
    public static YamlNode Int(long value) => Scalar(value.ToString(CultureInfo.InvariantCulture), YamlScalarStyle.Plain);

    /// <summary>Creates a boolean scalar.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The node.</returns>
    public static YamlNode Bool(bool value) => Scalar(value ? "true" : "false", YamlScalarStyle.Plain);

    /// <summary>Creates a null scalar (written as nothing after the key).</summary>
    /// <returns>The node.</returns>
    public static YamlNode Null() => Scalar("", YamlScalarStyle.Plain);

    /// <summary>Creates an empty block mapping.</summary>
    /// <returns>The node.</returns>
    public static YamlNode Mapping() => new(YamlNodeKind.Mapping, "", YamlScalarStyle.Any);

    /// <summary>Creates an empty block sequence.</summary>
    /// <returns>The node.</returns>
    public static YamlNode Sequence() => new(YamlNodeKind.Sequence, "", YamlScalarStyle.Any);

    /// <summary>Creates an alias to the anchor <paramref name="anchor"/>.</summary>
    /// <param name="anchor">The anchor name, without <c>*</c>.</param>
    /// <returns>The node.</returns>
    public static YamlNode Alias(string anchor) => new(YamlNodeKind.Alias, anchor, YamlScalarStyle.Any);

    /// <summary>The number of entries of a mapping, or items of a sequence.</summary>
    public int Count => Kind == YamlNodeKind.Mapping ? ChildCount / 2 : ChildCount;

    /// <summary>The key/value entries of a mapping, in order.</summary>
    public IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries
    {
        get
        {
            RequireKind(YamlNodeKind.Mapping);
            for (var i = 0; i + 1 < Kids.Count; i += 2)
            {
                yield return new KeyValuePair<YamlNode, YamlNode>(Kids[i], Kids[i + 1]);
            }
        }
    }

    /// <summary>Finds the value of the first entry whose key text is <paramref name="key"/>.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The value node, or null if the node is not a mapping or has no such key.</returns>
    public YamlNode? Get(string key)
    {
        if (Kind != YamlNodeKind.Mapping)
        {
            return null;
        }

        var i = IndexOfKey(key);
        return i < 0 ? null : Kids[i + 1];
    }

    /// <summary>Finds the key node of the first entry whose key text is <paramref name="key"/>.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The key node, or null.</returns>
    public YamlNode? GetKeyNode(string key)
    {
        if (Kind != YamlNodeKind.Mapping)
        {
            return null;
        }

        var i = IndexOfKey(key);
        return i < 0 ? null : Kids[i];
    }

    /// <summary>Sets the value of <paramref name="key"/>, replacing an existing value in place or appending a new entry.</summary>
    /// <param name="key">The key text.</param>
    /// <param name="value">The new value.</param>
    /// <remarks>A replaced scalar keeps the comments of the value it replaces, as kyaml's field setter does.</remarks>
    public void Set(string key, YamlNode value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        RequireKind(YamlNodeKind.Mapping);
        var i = IndexOfKey(key);
        if (i < 0)
        {
            Kids.Add(Scalar(key, YamlScalarStyle.Any));
            Kids.Add(value);
            return;
        }

        var old = Kids[i + 1];
        value.LineComment ??= old.LineComment;
        value.HeadComment ??= old.HeadComment;
        value.FootComment ??= old.FootComment;
        Kids[i + 1] = value;
    }

    /// <summary>Sets a string value, keeping the style of an existing string scalar (kyaml's field-setter behaviour).</summary>
    /// <param name="key">The key text.</param>
    /// <param name="value">The text.</param>
    public void SetString(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var existing = Get(key);
        if (existing is { Kind: YamlNodeKind.Scalar } && existing.Tag is null)
        {
            if (existing.Value == value)
            {
                return;
            }

            var style = existing.Style;
            var node = Scalar(value, style is YamlScalarStyle.Plain ? YamlScalarStyle.Any : style);
            Set(key, node);
            return;
        }

        Set(key, String(value));
    }

    /// <summary>Removes the first entry whose key text is <paramref name="key"/>.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>True if an entry was removed.</returns>
    public bool Remove(string key)
    {
        if (Kind != YamlNodeKind.Mapping)
        {
            return false;
        }

        var i = IndexOfKey(key);
        if (i < 0)
        {
            return false;
        }

        Kids.RemoveRange(i, 2);
        return true;
    }

    /// <summary>Gets the value at <paramref name="key"/>, creating an empty block mapping there if it is missing or null.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The mapping.</returns>
    public YamlNode GetOrAddMapping(string key)
    {
        var existing = Get(key);
        if (existing is { Kind: YamlNodeKind.Mapping })
        {
            return existing;
        }

        var created = Mapping();
        Set(key, created);
        return created;
    }

    /// <summary>Appends an item to a sequence.</summary>
    /// <param name="item">The item.</param>
    public void Add(YamlNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        RequireKind(YamlNodeKind.Sequence);
        Kids.Add(item);
    }

    /// <summary>A deep copy of the node and its comments.</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="KrmYamlException">The node nests mappings and sequences deeper than the reader accepts.</exception>
    public YamlNode Clone() => Clone(1);

    /// <summary>Sets the children of a collection that has none yet, in a list of exactly their number.</summary>
    internal void SetChildren(ReadOnlySpan<YamlNode> children)
    {
        var list = Kids;
        if (list.Count == 0 && children.Length > 0)
        {
            list.Capacity = children.Length;
        }

        list.AddRange(children);
    }

    /// <summary>The node's state for an undo record: its fields and a copy of its children.</summary>
    internal State Capture() => new(this, _value, _style, _isFlow, _extras?.Copy(), _list, _list?.Snapshot(), Line, Column, EndLine, UndoMark);

    /// <summary>Tells an open <see cref="YamlUndoScope"/> that this node is about to change.</summary>
    private void Changing()
    {
        if (YamlUndoScope.AnyOpen)
        {
            YamlUndoScope.Changing(this);
        }
    }

    /// <summary>A copy made for a node no one else holds yet: its fields set directly, as nothing can have recorded it.</summary>
    private YamlNode CopyFields(YamlNode[]? children) => new(Kind, _value, (YamlScalarStyle)_style, children)
    {
        _isFlow = _isFlow,
        _extras = _extras?.Copy(),
        Line = Line,
        Column = Column,
        EndLine = EndLine,
    };

    /// <summary>A copy of this node alone: its own children list holding the same child nodes, which are shared.</summary>
    internal YamlNode ShallowCopy() => CopyFields(_list?.Snapshot());

    private YamlNode Clone(int depth)
    {
        if (ChildCount > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        YamlNode[]? copies = null;
        if (_list is { Count: > 0 } children)
        {
            copies = new YamlNode[children.Count];
            for (var i = 0; i < copies.Length; i++)
            {
                copies[i] = children[i].Clone(depth + 1);
            }
        }

        return CopyFields(copies);
    }

    /// <summary>Whether two nodes have the same content (kind, values, keys, items; styles and comments ignored).</summary>
    /// <param name="other">The other node.</param>
    /// <returns>True if equal in content.</returns>
    /// <exception cref="KrmYamlException">The nodes nest mappings and sequences deeper than the reader accepts.</exception>
    public bool ContentEquals(YamlNode? other) => ContentEquals(other, 1);

    private bool ContentEquals(YamlNode? other, int depth)
    {
        if (other is null || other.Kind != Kind || other.ChildCount != ChildCount)
        {
            return false;
        }

        if (Kind is YamlNodeKind.Scalar or YamlNodeKind.Alias)
        {
            return string.Equals(Value, other.Value, StringComparison.Ordinal);
        }

        if (ChildCount > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        for (var i = 0; i < ChildCount; i++)
        {
            if (!Kids[i].ContentEquals(other.Kids[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        switch (Kind)
        {
            case YamlNodeKind.Scalar:
                return Value;
            case YamlNodeKind.Alias:
                return "*" + Value;
            default:
                return KyamlWriter.WriteFlowLike(this);
        }
    }

    private int IndexOfKey(string key)
    {
        var children = _list;
        if (children is null)
        {
            return -1;
        }

        for (var i = 0; i + 1 < children.Count; i += 2)
        {
            if (children[i].Kind == YamlNodeKind.Scalar && string.Equals(children[i].Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void RequireKind(YamlNodeKind kind)
    {
        if (Kind != kind)
        {
            throw new InvalidOperationException($"The node is a {Kind.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>What a node was before a change, as <see cref="YamlUndoScope"/> records it.</summary>
    internal readonly struct State
    {
        private readonly string _value;
        private readonly byte _style;
        private readonly bool _isFlow;
        private readonly Extras? _extras;
        private readonly YamlNodeList? _list;
        private readonly YamlNode[]? _children;
        private readonly int _line;
        private readonly int _column;
        private readonly int _endLine;
        private readonly byte _undoMark;

        internal State(YamlNode node, string value, byte style, bool isFlow, Extras? extras, YamlNodeList? list, YamlNode[]? children, int line, int column, int endLine, byte undoMark)
        {
            _undoMark = undoMark;
            Node = node;
            _value = value;
            _style = style;
            _isFlow = isFlow;
            _extras = extras;
            _list = list;
            _children = children;
            _line = line;
            _column = column;
            _endLine = endLine;
        }

        /// <summary>The node recorded.</summary>
        public YamlNode Node { get; }

        /// <summary>The children the node had, or an empty span.</summary>
        public ReadOnlySpan<YamlNode> Children => _children;

        /// <summary>The node's text then.</summary>
        public string Value => _value;

        /// <summary>The node's comments then.</summary>
        public (string? Head, string? Line, string? Foot) Comments => (_extras?.HeadComment, _extras?.LineComment, _extras?.FootComment);

        /// <summary>A new node with this state and the given children (the recorded node itself is left alone).</summary>
        public YamlNode ToNode(ReadOnlySpan<YamlNode> children)
        {
            return new YamlNode(Node.Kind, _value, (YamlScalarStyle)_style, _list is null && children.IsEmpty ? null : children.ToArray())
            {
                _isFlow = _isFlow,
                _extras = _extras?.Copy(),
                Line = _line,
                Column = _column,
                EndLine = _endLine,
            };
        }

        /// <summary>Puts the node back in this state (its children list stays the same object).</summary>
        public void Restore()
        {
            var node = Node;
            node._value = _value;
            node._style = _style;
            node._isFlow = _isFlow;
            node._extras = _extras?.Copy();
            node.Line = _line;
            node.Column = _column;
            node.EndLine = _endLine;
            node.UndoMark = _undoMark;
            node._list = _list;
            if (_list is not null)
            {
                _list.Restore(_children ?? []);
            }
        }
    }

    internal sealed class Extras
    {
        public string? Tag;
        public string? Anchor;
        public string? HeadComment;
        public string? LineComment;
        public string? FootComment;

        public Extras Copy() => (Extras)MemberwiseClone();
    }
}
