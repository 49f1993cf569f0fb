using Porch.Engine.Api;
using Porch.Engine.Internal;

namespace Porch.Engine.Tasks;

/// <summary>Where a new package revision goes: its namespace, repository, package and (for a deployment) its parent.</summary>
/// <param name="Namespace">The namespace of the new revision.</param>
/// <param name="RepositoryObject">The target Repository object.</param>
/// <param name="PackageKey">The package of the new revision.</param>
/// <param name="Parent">The parent revision named by <c>spec.parent</c>, or null.</param>
internal sealed record CreationTaskContext(string Namespace, Repository RepositoryObject, PackageKey PackageKey, RevisionEntry? Parent)
{
    /// <summary>Gets the package path of the new revision.</summary>
    public string PackageName => PackageKey.PackagePath;
}
