namespace Porch.PackageVariants;

/// <summary>What happened to a stored PackageVariant or PackageVariantSet.</summary>
public enum StoreChangeType
{
    /// <summary>The object was created.</summary>
    Added,

    /// <summary>The object changed (including being marked deleted while finalizers remain).</summary>
    Modified,

    /// <summary>The object is gone.</summary>
    Deleted,
}
