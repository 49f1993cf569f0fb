namespace Porch.Krm;

/// <summary>One YAML document of a file: its root node, its document-level comments and its sequence indentation.</summary>
public sealed class YamlDocument
{
    /// <summary>Creates a document.</summary>
    /// <param name="root">The root node.</param>
    public YamlDocument(YamlNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
    }

    /// <summary>The root node (a mapping for every Kubernetes resource).</summary>
    public YamlNode Root { get; set; }

    /// <summary>Comment block at the top of the document, separated from the content by an empty line.</summary>
    public string? HeadComment { get; set; }

    /// <summary>Comment block at the end of the document, after an empty line.</summary>
    public string? FootComment { get; set; }

    /// <summary>How block sequences are indented when the document is written.</summary>
    public SequenceIndentStyle SequenceIndent { get; set; }

    /// <summary>A deep copy.</summary>
    /// <returns>The copy.</returns>
    public YamlDocument Clone() => new(Root.Clone())
    {
        HeadComment = HeadComment,
        FootComment = FootComment,
        SequenceIndent = SequenceIndent,
    };
}
