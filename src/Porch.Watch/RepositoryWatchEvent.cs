using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Watch;

/// <summary>One Repository change delivered to a watcher.</summary>
/// <param name="Type">Added, Modified or Deleted.</param>
/// <param name="Object">The Repository after the change (as it was when deleted, for Deleted).</param>
/// <param name="Version">The change's resourceVersion; pass the last one seen to resume.</param>
public sealed record RepositoryWatchEvent(PackageRevisionChangeType Type, Repository Object, long Version);
