namespace Porch.Engine.Api;

/// <summary>
/// A revision of a package (<c>porch.kpt.dev/v1alpha1</c>, kind <c>PackageRevision</c>).
/// </summary>
public sealed class PackageRevision
{
    /// <summary>The API version (<c>apiVersion</c>); defaults to <c>porch.kpt.dev/v1alpha1</c>.</summary>
    public string? ApiVersion { get; set; } = PorchApi.ApiVersion;

    /// <summary>The kind (<c>kind</c>); defaults to <c>PackageRevision</c>.</summary>
    public string? Kind { get; set; } = PorchApi.PackageRevisionKind;

    /// <summary>Object metadata (<c>metadata</c>).</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state (<c>spec</c>).</summary>
    public PackageRevisionSpec Spec { get; set; } = new();

    /// <summary>The observed state (<c>status</c>).</summary>
    public PackageRevisionStatus Status { get; set; } = new();
}
