using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Watch;

/// <summary>One change delivered to a watcher.</summary>
/// <param name="Type">Added, Modified or Deleted.</param>
/// <param name="Object">The package revision after the change (before it, for Deleted).</param>
/// <param name="Version">The event's position in the engine's change stream: increasing by one per change; pass the last one seen to resume.</param>
public sealed record WatchEvent(PackageRevisionChangeType Type, PackageRevision Object, long Version);
