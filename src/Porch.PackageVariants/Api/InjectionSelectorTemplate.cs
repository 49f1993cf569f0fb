namespace Porch.PackageVariants.Api;

/// <summary>An injector of a variant: exactly one of name and nameExpr.</summary>
public sealed class InjectionSelectorTemplate
{
    /// <summary>The group.</summary>
    public string? Group { get; set; }

    /// <summary>The version.</summary>
    public string? Version { get; set; }

    /// <summary>The kind.</summary>
    public string? Kind { get; set; }

    /// <summary>The in-cluster object's name.</summary>
    public string? Name { get; set; }

    /// <summary>An expression computing the in-cluster object's name.</summary>
    public string? NameExpr { get; set; }
}
