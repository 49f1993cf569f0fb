namespace Porch.Krm;

/// <summary>
/// How block sequences under a mapping key are indented, as kpt records it in the
/// <c>internal.config.kubernetes.io/seqindent</c> annotation.
/// </summary>
public enum SequenceIndentStyle
{
    /// <summary>The dash starts at the key's column (<c>key:\n- a</c>); kyaml's default.</summary>
    Compact,

    /// <summary>The dash starts two columns right of the key (<c>key:\n  - a</c>).</summary>
    Wide,
}
