using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Identifies a package in a repository: <paramref name="Path"/> is everything before the last <c>/</c> of the package
/// name and <paramref name="Package"/> the last segment.
/// </summary>
/// <param name="Repository">The repository.</param>
/// <param name="Path">The folder of the package relative to the repository directory; empty for none.</param>
/// <param name="Package">The last segment of the package name.</param>
public readonly record struct PackageKey(RepositoryKey Repository, string Path, string Package)
{
    /// <summary>The package name relative to the repository directory (<c>spec.packageName</c>), for example <c>network/vpc</c>.</summary>
    public string PackagePath => string.IsNullOrEmpty(Path) && !string.IsNullOrEmpty(Package) && Package.IndexOf('/', StringComparison.Ordinal) < 0 ? Package : GoPath.Join(Path, Package);

    /// <summary>The path of the package in the repository tree: repository directory, path and package joined.</summary>
    public string FullPath => GoPath.Join(Repository.Path, Path, Package);

    /// <summary>The PorchPackage object name, <c>&lt;repo&gt;.&lt;path with dots&gt;.&lt;package&gt;</c>.</summary>
    public string ObjectName => PackageRevisionName.ComposePackageName(Repository.Name, Path, Package);

    /// <summary>
    /// Splits a <c>/</c>-separated package name (outer <c>/</c> trimmed) into path and package.
    /// </summary>
    /// <param name="repository">The repository.</param>
    /// <param name="packageName">The package name, for example <c>network/vpc</c>.</param>
    /// <returns>The key.</returns>
    public static PackageKey FromPackageName(RepositoryKey repository, string packageName)
    {
        ArgumentNullException.ThrowIfNull(packageName);
        var trimmed = packageName.Trim('/');
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0
            ? new PackageKey(repository, trimmed[..slash], trimmed[(slash + 1)..])
            : new PackageKey(repository, "", trimmed);
    }

    /// <summary>
    /// Whether <paramref name="other"/> matches this key, treating empty fields of this key as wildcards.
    /// </summary>
    /// <param name="other">The key to test.</param>
    /// <returns><see langword="true"/> when every non-empty field is equal.</returns>
    public bool Matches(PackageKey other) =>
        RepositoryKey.FieldMatches(Path, other.Path) &&
        RepositoryKey.FieldMatches(Package, other.Package) &&
        Repository.Matches(other.Repository);

    /// <summary>Formats the key as Porch does: <c>repositoryKey:path:package</c>.</summary>
    /// <returns>The formatted key.</returns>
    public override string ToString() => $"{Repository}:{Path}:{Package}";
}
