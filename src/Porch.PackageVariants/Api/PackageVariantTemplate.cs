namespace Porch.PackageVariants.Api;

/// <summary>How a <see cref="PackageVariantSet"/> makes the spec of each variant; <c>*Exprs</c> fields are expressions.</summary>
public sealed class PackageVariantTemplate
{
    /// <summary>Overrides the default downstream repository and package.</summary>
    public DownstreamTemplate? Downstream { get; set; }

    /// <summary>Overrides the variant's adoption policy.</summary>
    public string? AdoptionPolicy { get; set; }

    /// <summary>Overrides the variant's deletion policy.</summary>
    public string? DeletionPolicy { get; set; }

    /// <summary>The variant's labels.</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Computed labels; they win over <see cref="Labels"/> with the same key.</summary>
    public List<MapExpr>? LabelExprs { get; set; }

    /// <summary>The variant's annotations.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Computed annotations; they win over <see cref="Annotations"/> with the same key.</summary>
    public List<MapExpr>? AnnotationExprs { get; set; }

    /// <summary>The variant's package context.</summary>
    public PackageContextTemplate? PackageContext { get; set; }

    /// <summary>The variant's pipeline.</summary>
    public PipelineTemplate? Pipeline { get; set; }

    /// <summary>The variant's injectors.</summary>
    public List<InjectionSelectorTemplate>? Injectors { get; set; }
}
