namespace Porch.PackageVariants.Api;

/// <summary>Names, policies and markers of Porch's package variant controllers.</summary>
public static class PackageVariantApi
{
    /// <summary>The API group, <c>config.porch.kpt.dev</c>.</summary>
    public const string Group = "config.porch.kpt.dev";

    /// <summary>The apiVersion of PackageVariant, <c>config.porch.kpt.dev/v1alpha1</c>.</summary>
    public const string PackageVariantApiVersion = Group + "/v1alpha1";

    /// <summary>The apiVersion of PackageVariantSet, <c>config.porch.kpt.dev/v1alpha2</c>.</summary>
    public const string PackageVariantSetApiVersion = Group + "/v1alpha2";

    /// <summary>The PackageVariant kind.</summary>
    public const string PackageVariantKind = "PackageVariant";

    /// <summary>The PackageVariantList kind.</summary>
    public const string PackageVariantListKind = "PackageVariantList";

    /// <summary>The PackageVariantSet kind.</summary>
    public const string PackageVariantSetKind = "PackageVariantSet";

    /// <summary>The PackageVariantSetList kind.</summary>
    public const string PackageVariantSetListKind = "PackageVariantSetList";

    /// <summary>The resource name of PackageVariants.</summary>
    public const string PackageVariantsResource = "packagevariants";

    /// <summary>The resource name of PackageVariantSets.</summary>
    public const string PackageVariantSetsResource = "packagevariantsets";

    /// <summary>The finalizer the PackageVariant controller puts on every PackageVariant it manages.</summary>
    public const string Finalizer = "config.porch.kpt.dev/packagevariants";

    /// <summary>Adoption policy: take over matching package revisions created by someone else.</summary>
    public const string AdoptionPolicyAdoptExisting = "adoptExisting";

    /// <summary>Adoption policy (the default): only manage package revisions this variant created.</summary>
    public const string AdoptionPolicyAdoptNone = "adoptNone";

    /// <summary>Deletion policy (the default): delete drafts and propose deletion of published revisions.</summary>
    public const string DeletionPolicyDelete = "delete";

    /// <summary>Deletion policy: remove the ownership marker and leave the package revisions.</summary>
    public const string DeletionPolicyOrphan = "orphan";

    /// <summary>Condition type: whether the object is making progress (true when it cannot).</summary>
    public const string ConditionTypeStalled = "Stalled";

    /// <summary>Condition type: whether the last reconciliation succeeded.</summary>
    public const string ConditionTypeReady = "Ready";

    /// <summary>The label a PackageVariantSet puts on the PackageVariants it owns (value: the set's uid).</summary>
    public const string PackageVariantSetOwnerLabel = "config.porch.kpt.dev/packagevariantset";

    /// <summary>The prefix of the workspace names the controller gives downstream drafts.</summary>
    public const string WorkspaceNamePrefix = "packagevariant-";

    /// <summary>The first segment of the names of pipeline functions a PackageVariant adds.</summary>
    public const string PackageVariantFuncPrefix = "PackageVariant";

    /// <summary>The annotation that marks a resource as an injection point (<c>required</c> or <c>optional</c>).</summary>
    public const string ConfigInjectionAnnotation = "kpt.dev/config-injection";

    /// <summary>The annotation that names the in-cluster object injected into a resource.</summary>
    public const string InjectedResourceAnnotation = "kpt.dev/injected-resource";
}
