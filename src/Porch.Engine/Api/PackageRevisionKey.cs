using System.Globalization;

namespace Porch.Engine.Api;

/// <summary>
/// Identifies a package revision: its package, revision number and workspace name.
/// </summary>
/// <param name="Package">The package.</param>
/// <param name="Revision">The revision: 0 for Draft/Proposed, 1 or more when published, −1 for the placeholder.</param>
/// <param name="WorkspaceName">The workspace name.</param>
public readonly record struct PackageRevisionKey(PackageKey Package, int Revision, string WorkspaceName)
{
    /// <summary>The repository of the revision.</summary>
    public RepositoryKey Repository => Package.Repository;

    /// <summary>The PackageRevision object name, <c>&lt;repo&gt;.&lt;path with dots&gt;.&lt;package&gt;.&lt;workspace&gt;</c>.</summary>
    public string ObjectName => PackageRevisionName.Compose(Package.Repository.Name, Package.Path, Package.Package, WorkspaceName);

    /// <summary>
    /// Whether <paramref name="other"/> matches this key, treating a zero revision and empty fields of this key as wildcards.
    /// </summary>
    /// <param name="other">The key to test.</param>
    /// <returns><see langword="true"/> when every non-wildcard field is equal.</returns>
    public bool Matches(PackageRevisionKey other) =>
        (Revision == 0 || Revision == other.Revision) &&
        RepositoryKey.FieldMatches(WorkspaceName, other.WorkspaceName) &&
        Package.Matches(other.Package);

    /// <summary>Formats the key as Porch does: <c>packageKey:revision:workspace</c>.</summary>
    /// <returns>The formatted key.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Package}:{Revision}:{WorkspaceName}");
}
