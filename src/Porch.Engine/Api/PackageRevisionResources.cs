namespace Porch.Engine.Api;

/// <summary>
/// The file contents of a package revision (kind <c>PackageRevisionResources</c>); name, UID and resource version equal
/// those of the <see cref="PackageRevision"/>.
/// </summary>
public sealed class PackageRevisionResources
{
    /// <summary>The API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; } = PorchApi.ApiVersion;

    /// <summary>The kind (<c>kind</c>).</summary>
    public string? Kind { get; set; } = PorchApi.PackageRevisionResourcesKind;

    /// <summary>Object metadata (<c>metadata</c>).</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The files (<c>spec</c>).</summary>
    public PackageRevisionResourcesSpec Spec { get; set; } = new();

    /// <summary>The render result (<c>status</c>).</summary>
    public PackageRevisionResourcesStatus Status { get; set; } = new();
}
