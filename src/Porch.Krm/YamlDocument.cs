namespace Porch.Krm;

/// <summary>One YAML document of a file: its root node, its document-level comments and its sequence indentation.</summary>
public sealed class YamlDocument
{
    /// <summary>Creates a document.</summary>
    /// <param name="root">The root node.</param>
    public YamlDocument(YamlNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
    }

    private YamlNode _root;
    private string? _headComment;
    private string? _footComment;
    private SequenceIndentStyle _sequenceIndent;

    /// <summary>The root node (a mapping for every Kubernetes resource).</summary>
    public YamlNode Root
    {
        get => _root;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Changing();
            _root = value;
        }
    }

    /// <summary>Comment block at the top of the document, separated from the content by an empty line.</summary>
    public string? HeadComment
    {
        get => _headComment;
        set
        {
            Changing();
            _headComment = value;
        }
    }

    /// <summary>Comment block at the end of the document, after an empty line.</summary>
    public string? FootComment
    {
        get => _footComment;
        set
        {
            Changing();
            _footComment = value;
        }
    }

    /// <summary>How block sequences are indented when the document is written.</summary>
    public SequenceIndentStyle SequenceIndent
    {
        get => _sequenceIndent;
        set
        {
            Changing();
            _sequenceIndent = value;
        }
    }

    /// <summary>A deep copy.</summary>
    /// <returns>The copy.</returns>
    public YamlDocument Clone() => new(_root.Clone())
    {
        _headComment = _headComment,
        _footComment = _footComment,
        _sequenceIndent = _sequenceIndent,
    };

    /// <summary>The document's state for an undo record.</summary>
    internal State Capture() => new(this, _root, _headComment, _footComment, _sequenceIndent);

    private void Changing()
    {
        if (YamlUndoScope.AnyOpen)
        {
            YamlUndoScope.Changing(this);
        }
    }

    /// <summary>What a document was before a change, as <see cref="YamlUndoScope"/> records it.</summary>
    internal readonly record struct State(YamlDocument Document, YamlNode Root, string? HeadComment, string? FootComment, SequenceIndentStyle SequenceIndent)
    {
        /// <summary>Puts the document back in this state.</summary>
        public void Restore()
        {
            Document._root = Root;
            Document._headComment = HeadComment;
            Document._footComment = FootComment;
            Document._sequenceIndent = SequenceIndent;
        }
    }
}
