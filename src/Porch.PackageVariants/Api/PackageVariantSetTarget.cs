namespace Porch.PackageVariants.Api;

/// <summary>
/// One target of a <see cref="PackageVariantSet"/> (Porch's <c>Target</c>): exactly one of
/// <see cref="Repositories"/>, <see cref="RepositorySelector"/> and <see cref="ObjectSelector"/>.
/// </summary>
public sealed class PackageVariantSetTarget
{
    /// <summary>Explicit repositories and package names.</summary>
    public List<RepositoryTarget>? Repositories { get; set; }

    /// <summary>A label selector over the Repository objects of the namespace.</summary>
    public LabelSelectorSpec? RepositorySelector { get; set; }

    /// <summary>A label selector over objects of one kind; each selected object makes a variant.</summary>
    public ObjectSelector? ObjectSelector { get; set; }

    /// <summary>How the variants of this target are made.</summary>
    public PackageVariantTemplate? Template { get; set; }
}
