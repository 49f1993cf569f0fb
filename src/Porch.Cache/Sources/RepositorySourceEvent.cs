using Porch.Engine.Api;

namespace Porch.Cache.Sources;

/// <summary>One change reported by an <see cref="IRepositorySource"/>.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Repository">The Repository object (its last known state for <see cref="RepositorySourceEventType.Deleted"/>); null for <see cref="RepositorySourceEventType.Synced"/>.</param>
public sealed record RepositorySourceEvent(RepositorySourceEventType Type, Repository? Repository);
