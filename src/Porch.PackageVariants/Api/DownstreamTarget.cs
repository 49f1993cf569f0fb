using Porch.Engine.Api;

namespace Porch.PackageVariants.Api;

/// <summary>A downstream package revision a variant created or adopted.</summary>
public sealed class DownstreamTarget
{
    /// <summary>The package revision's name.</summary>
    public string? Name { get; set; }

    /// <summary>The render status of the last resources update the controller made.</summary>
    public RenderStatus? RenderStatus { get; set; }
}
