namespace Porch.PackageVariants.Api;

/// <summary>The desired state of a <see cref="PackageVariant"/> (Porch's <c>PackageVariantSpec</c>).</summary>
public sealed class PackageVariantSpec
{
    /// <summary>The upstream package revision.</summary>
    public Upstream? Upstream { get; set; }

    /// <summary>The downstream repository and package.</summary>
    public Downstream? Downstream { get; set; }

    /// <summary><c>adoptExisting</c> or <c>adoptNone</c> (the default).</summary>
    public string? AdoptionPolicy { get; set; }

    /// <summary><c>delete</c> (the default) or <c>orphan</c>.</summary>
    public string? DeletionPolicy { get; set; }

    /// <summary>Labels put on the downstream package revisions.</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations put on the downstream package revisions.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Keys set in or removed from the downstream package's <c>package-context.yaml</c>.</summary>
    public PackageContext? PackageContext { get; set; }

    /// <summary>Functions prepended to the downstream Kptfile's pipeline.</summary>
    public PipelineSpec? Pipeline { get; set; }

    /// <summary>How in-cluster objects are chosen for the package's injection points.</summary>
    public List<InjectionSelector>? Injectors { get; set; }
}
