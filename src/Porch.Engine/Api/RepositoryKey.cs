namespace Porch.Engine.Api;

/// <summary>
/// Identifies a registered repository: namespace, name, package directory (<c>spec.git.directory</c> trimmed of
/// <c>/</c>, or <c>oci://&lt;registry&gt;</c>) and the workspace name of placeholder revisions (the branch, or <c>OCI</c>).
/// </summary>
/// <param name="Namespace">The Kubernetes namespace.</param>
/// <param name="Name">The Repository object name.</param>
/// <param name="Path">The package directory inside the repository; empty for the root.</param>
/// <param name="PlaceholderWorkspaceName">The workspace name of placeholder revisions.</param>
public readonly record struct RepositoryKey(string Namespace, string Name, string Path, string PlaceholderWorkspaceName)
{
    /// <summary>
    /// Whether <paramref name="other"/> matches this key, treating empty fields of this key as wildcards.
    /// </summary>
    /// <param name="other">The key to test.</param>
    /// <returns><see langword="true"/> when every non-empty field is equal.</returns>
    public bool Matches(RepositoryKey other) =>
        FieldMatches(Namespace, other.Namespace) &&
        FieldMatches(Name, other.Name) &&
        FieldMatches(Path, other.Path) &&
        FieldMatches(PlaceholderWorkspaceName, other.PlaceholderWorkspaceName);

    /// <summary>Formats the key as Porch does: <c>namespace:name:path:placeholder</c>.</summary>
    /// <returns>The formatted key.</returns>
    public override string ToString() => $"{Namespace}:{Name}:{Path}:{PlaceholderWorkspaceName}";

    internal static bool FieldMatches(string? filter, string? value) =>
        string.IsNullOrEmpty(filter) || string.Equals(filter, value ?? "", StringComparison.Ordinal);
}
