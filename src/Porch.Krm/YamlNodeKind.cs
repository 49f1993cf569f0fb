namespace Porch.Krm;

/// <summary>The kind of a <see cref="YamlNode"/>.</summary>
public enum YamlNodeKind
{
    /// <summary>A scalar: text with a style and an optional tag.</summary>
    Scalar,

    /// <summary>A mapping of key nodes to value nodes, in source order.</summary>
    Mapping,

    /// <summary>A sequence of nodes.</summary>
    Sequence,

    /// <summary>An alias (<c>*name</c>) to an anchored node.</summary>
    Alias,
}
