namespace Porch.Engine.Api;

/// <summary>
/// A registered repository (<c>config.porch.kpt.dev/v1alpha1</c>, kind <c>Repository</c>).
/// </summary>
public sealed class Repository
{
    /// <summary>The API version (<c>apiVersion</c>); defaults to <c>config.porch.kpt.dev/v1alpha1</c>.</summary>
    public string? ApiVersion { get; set; } = PorchApi.ConfigApiVersion;

    /// <summary>The kind (<c>kind</c>).</summary>
    public string? Kind { get; set; } = PorchApi.RepositoryKind;

    /// <summary>Object metadata (<c>metadata</c>).</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state (<c>spec</c>).</summary>
    public RepositorySpec Spec { get; set; } = new();

    /// <summary>The observed state (<c>status</c>).</summary>
    public RepositoryStatus Status { get; set; } = new();
}
