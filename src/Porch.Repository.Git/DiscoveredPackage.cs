using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git;

/// <summary>A package found in a Git repository with its highest published revision (0 when none).</summary>
internal sealed record DiscoveredPackage(PackageKey Key, int LatestRevision) : IPackage;
