namespace Porch.Engine.Api;

/// <summary>
/// The upstream of a clone (Go's <c>UpstreamPackage</c>, serialised as <c>clone.upstreamRef</c>): an external git or OCI
/// package, or a registered package revision through the nested <see cref="UpstreamRef"/>
/// (<c>clone.upstreamRef.upstreamRef.name</c>).
/// </summary>
public sealed class UpstreamPackage
{
    /// <summary>The external repository type (<c>type</c>); <see langword="null"/> when <see cref="UpstreamRef"/> is used.</summary>
    public RepositoryType? Type { get; set; }

    /// <summary>The git upstream (<c>git</c>).</summary>
    public GitPackage? Git { get; set; }

    /// <summary>The OCI upstream (<c>oci</c>).</summary>
    public OciPackage? Oci { get; set; }

    /// <summary>A registered package revision (<c>upstreamRef</c>).</summary>
    public PackageRevisionRef? UpstreamRef { get; set; }
}
