namespace Porch.Engine.Api;

/// <summary>
/// A package across its revisions (kind <c>PorchPackage</c>, resource <c>packages</c>).
/// </summary>
public sealed class PorchPackage
{
    /// <summary>The API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; } = PorchApi.ApiVersion;

    /// <summary>The kind (<c>kind</c>).</summary>
    public string? Kind { get; set; } = PorchApi.PorchPackageKind;

    /// <summary>Object metadata (<c>metadata</c>).</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The package identity (<c>spec</c>).</summary>
    public PorchPackageSpec Spec { get; set; } = new();

    /// <summary>The package state (<c>status</c>).</summary>
    public PorchPackageStatus Status { get; set; } = new();
}
