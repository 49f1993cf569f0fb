using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>A draft of the underlying repository, remembering the cached revision (and so the resource version) it started from.</summary>
internal sealed class CachedDraft(CachedRepository owner, IPackageRevisionDraft inner, CachedRevision? basis) : IPackageRevisionDraft
{
    public CachedRepository Owner { get; } = owner;

    public IPackageRevisionDraft Inner { get; } = inner;

    /// <summary>Gets the revision being changed, or null for a new revision.</summary>
    public CachedRevision? Basis { get; } = basis;

    public PackageRevisionKey Key => Inner.Key;

    public PackageRevisionLifecycle Lifecycle => Inner.Lifecycle;

    public IReadOnlyDictionary<string, string> Resources => Inner.Resources;

    public Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default) =>
        Inner.UpdateResourcesAsync(resources, task, cancellationToken);

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default) =>
        Inner.UpdateLifecycleAsync(lifecycle, cancellationToken);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
