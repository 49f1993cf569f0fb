using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Group, version, kind, label, annotation and finalizer names of the Porch API, spelled exactly as Porch spells them.
/// </summary>
public static class PorchApi
{
    /// <summary>The API group of package revisions, resources and packages: <c>porch.kpt.dev</c>.</summary>
    public const string Group = "porch.kpt.dev";

    /// <summary>The served version: <c>v1alpha1</c>.</summary>
    public const string Version = "v1alpha1";

    /// <summary>The group/version string <c>porch.kpt.dev/v1alpha1</c>.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>The API group of repositories: <c>config.porch.kpt.dev</c>.</summary>
    public const string ConfigGroup = "config.porch.kpt.dev";

    /// <summary>The group/version string <c>config.porch.kpt.dev/v1alpha1</c>.</summary>
    public const string ConfigApiVersion = ConfigGroup + "/" + Version;

    /// <summary>Kind <c>PackageRevision</c>.</summary>
    public const string PackageRevisionKind = "PackageRevision";

    /// <summary>Kind <c>PackageRevisionList</c>.</summary>
    public const string PackageRevisionListKind = "PackageRevisionList";

    /// <summary>Kind <c>PackageRevisionResources</c>.</summary>
    public const string PackageRevisionResourcesKind = "PackageRevisionResources";

    /// <summary>Kind <c>PackageRevisionResourcesList</c>.</summary>
    public const string PackageRevisionResourcesListKind = "PackageRevisionResourcesList";

    /// <summary>Kind <c>PorchPackage</c>.</summary>
    public const string PorchPackageKind = "PorchPackage";

    /// <summary>Kind of the PorchPackage list: <c>PackageList</c> (not <c>PorchPackageList</c>).</summary>
    public const string PorchPackageListKind = "PackageList";

    /// <summary>Kind <c>Repository</c>.</summary>
    public const string RepositoryKind = "Repository";

    /// <summary>Kind <c>RepositoryList</c>.</summary>
    public const string RepositoryListKind = "RepositoryList";

    /// <summary>Kind <c>PackageRev</c>, the internal metadata holder of the CR cache.</summary>
    public const string PackageRevKind = "PackageRev";

    /// <summary>Kind of kpt's function result list: <c>FunctionResultList</c>.</summary>
    public const string FunctionResultListKind = FunctionResultList.KptKind;

    /// <summary>API version of kpt's function result list: <c>kpt.dev/v1</c>.</summary>
    public const string FunctionResultListApiVersion = FunctionResultList.KptApiVersion;

    /// <summary>Resource name <c>packagerevisions</c>.</summary>
    public const string PackageRevisionsResource = "packagerevisions";

    /// <summary>Resource name <c>packagerevisionresources</c>.</summary>
    public const string PackageRevisionResourcesResource = "packagerevisionresources";

    /// <summary>Resource name <c>packages</c>.</summary>
    public const string PackagesResource = "packages";

    /// <summary>Resource name <c>repositories</c>.</summary>
    public const string RepositoriesResource = "repositories";

    /// <summary>Label Porch computes on the latest published revision of a package: <c>kpt.dev/latest-revision</c>.</summary>
    public const string LatestRevisionLabel = "kpt.dev/latest-revision";

    /// <summary>Value of <see cref="LatestRevisionLabel"/> on the latest revision: <c>true</c>.</summary>
    public const string LatestRevisionLabelValue = "true";

    /// <summary>Annotation that lets a write be pushed although rendering failed: <c>porch.kpt.dev/push-on-render-failure</c>.</summary>
    public const string PushOnRenderFailureAnnotation = "porch.kpt.dev/push-on-render-failure";

    /// <summary>Value of <see cref="PushOnRenderFailureAnnotation"/> that enables the behaviour: <c>true</c>.</summary>
    public const string PushOnRenderFailureAnnotationValue = "true";

    /// <summary>Annotation that hands a repository over to the v1alpha2 API: <c>porch.kpt.dev/v1alpha2-migration</c>.</summary>
    public const string V1Alpha2MigrationAnnotation = "porch.kpt.dev/v1alpha2-migration";

    /// <summary>Finalizer the repository controller puts on repositories: <c>config.porch.kpt.dev/repository</c>.</summary>
    public const string RepositoryFinalizer = "config.porch.kpt.dev/repository";

    /// <summary>Condition type of a repository's readiness: <c>Ready</c>.</summary>
    public const string RepositoryReadyCondition = "Ready";

    /// <summary>Repository condition reason <c>Ready</c>.</summary>
    public const string ReasonReady = "Ready";

    /// <summary>Repository condition reason <c>Error</c>.</summary>
    public const string ReasonError = "Error";

    /// <summary>Repository condition reason <c>Reconciling</c>.</summary>
    public const string ReasonReconciling = "Reconciling";

    /// <summary>The only valid value of the deprecated repository <c>spec.content</c>: <c>Package</c>.</summary>
    public const string RepositoryContentPackage = "Package";

    /// <summary>Namespace UUID of the deterministic package-revision UIDs (UUIDv5).</summary>
    public const string UidNamespace = "aac71d91-5c67-456f-8fd2-902ef6da820e";

    /// <summary>The 405 message for creating a PorchPackage directly.</summary>
    public const string PackageCreateNotSupportedMessage = "create or clone a PackageRevision resource to create a package as direct package creation";

    /// <summary>The 405 message for updating a PorchPackage directly.</summary>
    public const string PackageUpdateNotSupportedMessage = "update a PackageRevision resource to update a package as direct package update";

    /// <summary>The 405 message for deleting a PorchPackage directly.</summary>
    public const string PackageDeleteNotSupportedMessage = "delete all PackageRevisions resources of a package to delete a package as direct package deletion";
}
