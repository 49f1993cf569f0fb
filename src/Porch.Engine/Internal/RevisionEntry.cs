using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Engine.Internal;

/// <summary>A stored revision together with the repository it came from and its computed latest flag.</summary>
internal sealed record RevisionEntry(Repository RepositoryObject, IRepository Repository, IPackageRevision Revision, bool IsLatest)
{
    public PackageRevisionKey Key => Revision.Key;

    public string Namespace => Key.Repository.Namespace;

    public string Name => Key.ObjectName;

    public bool IsPlaceholder => Key.Revision == -1 && Key.WorkspaceName == Key.Repository.PlaceholderWorkspaceName;

    public bool IsPublished => Revision.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed;
}
