using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>A package derived from the cached revisions.</summary>
internal sealed record CachedPackage(PackageKey Key, int LatestRevision) : IPackage;
