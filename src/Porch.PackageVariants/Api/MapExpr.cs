namespace Porch.PackageVariants.Api;

/// <summary>A computed map entry: at most one of key and keyExpr, and of value and valueExpr.</summary>
public sealed class MapExpr
{
    /// <summary>The key.</summary>
    public string? Key { get; set; }

    /// <summary>The value.</summary>
    public string? Value { get; set; }

    /// <summary>An expression computing the key.</summary>
    public string? KeyExpr { get; set; }

    /// <summary>An expression computing the value.</summary>
    public string? ValueExpr { get; set; }
}
