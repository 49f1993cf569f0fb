namespace Porch.PackageVariants.Api;

/// <summary>The downstream repository and package of a variant.</summary>
public sealed class Downstream
{
    /// <summary>The downstream repository.</summary>
    public string? Repo { get; set; }

    /// <summary>The downstream package's name (path).</summary>
    public string? Package { get; set; }
}
