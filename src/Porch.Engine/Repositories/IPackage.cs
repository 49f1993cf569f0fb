using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>A package of a repository: all revisions sharing one package path.</summary>
public interface IPackage
{
    /// <summary>Gets the key of the package.</summary>
    PackageKey Key { get; }

    /// <summary>Gets the highest published revision number, or 0 when none is published.</summary>
    int LatestRevision { get; }
}
