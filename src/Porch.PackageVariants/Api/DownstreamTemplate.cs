namespace Porch.PackageVariants.Api;

/// <summary>The downstream of a variant: at most one of repo and repoExpr, and of package and packageExpr.</summary>
public sealed class DownstreamTemplate
{
    /// <summary>The downstream repository.</summary>
    public string? Repo { get; set; }

    /// <summary>The downstream package.</summary>
    public string? Package { get; set; }

    /// <summary>An expression computing the downstream repository.</summary>
    public string? RepoExpr { get; set; }

    /// <summary>An expression computing the downstream package.</summary>
    public string? PackageExpr { get; set; }
}
