namespace Porch.Engine.Api;

/// <summary>
/// The <c>status</c> of <see cref="PackageRevisionResources"/>.
/// </summary>
public sealed class PackageRevisionResourcesStatus
{
    /// <summary>The result of rendering (<c>renderStatus</c>); always written.</summary>
    public RenderStatus RenderStatus { get; set; } = new();
}
