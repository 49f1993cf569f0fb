namespace Porch.Krm;

/// <summary>How a scalar was written, or should be written.</summary>
public enum YamlScalarStyle
{
    /// <summary>No explicit style: plain when plain can represent the text, quoted otherwise (new values).</summary>
    Any,

    /// <summary>Plain (unquoted).</summary>
    Plain,

    /// <summary>Single-quoted.</summary>
    SingleQuoted,

    /// <summary>Double-quoted.</summary>
    DoubleQuoted,

    /// <summary>Literal block (<c>|</c>).</summary>
    Literal,

    /// <summary>Folded block (<c>&gt;</c>).</summary>
    Folded,
}
