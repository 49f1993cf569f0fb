namespace Porch.PackageVariants.Api;

/// <summary>A repository named by a target, with the package names to instantiate there.</summary>
public sealed class RepositoryTarget
{
    /// <summary>The Repository's name (same namespace as the set).</summary>
    public string Name { get; set; } = "";

    /// <summary>The package names; the upstream's name when empty.</summary>
    public List<string>? PackageNames { get; set; }
}
