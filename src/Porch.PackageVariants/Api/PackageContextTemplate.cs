namespace Porch.PackageVariants.Api;

/// <summary>The package context of a variant; the <c>*Exprs</c> entries win over the plain ones.</summary>
public sealed class PackageContextTemplate
{
    /// <summary>Keys and values to set.</summary>
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Keys to remove.</summary>
    public List<string>? RemoveKeys { get; set; }

    /// <summary>Computed keys and values to set.</summary>
    public List<MapExpr>? DataExprs { get; set; }

    /// <summary>Expressions computing keys to remove.</summary>
    public List<string>? RemoveKeyExprs { get; set; }
}
