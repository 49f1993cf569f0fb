using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>An open, isolated change to one package revision; made visible by <see cref="IRepository.ClosePackageRevisionDraftAsync"/>.</summary>
/// <remarks>
/// Disposing ends the draft: a draft that was never closed is discarded with everything it wrote (temporary objects,
/// folders, rows), and a closed draft has nothing left to release. Whoever starts a draft disposes it, closed or not
/// (the engine does, with <c>await using</c>); disposing twice is harmless, and a disposed draft cannot be closed.
/// </remarks>
public interface IPackageRevisionDraft : IAsyncDisposable
{
    /// <summary>Gets the key of the revision being drafted.</summary>
    PackageRevisionKey Key { get; }

    /// <summary>Gets the lifecycle the revision will have when the draft is closed.</summary>
    PackageRevisionLifecycle Lifecycle { get; }

    /// <summary>Gets the current files of the draft.</summary>
    IReadOnlyDictionary<string, string> Resources { get; }

    /// <summary>
    /// Replaces the whole content of the package with <paramref name="resources"/>, recording <paramref name="task"/>
    /// (for Git: one commit). A task of type init, clone, edit or upgrade becomes the revision's creating task.
    /// </summary>
    /// <param name="resources">The new files: path relative to the package root to full text. Must contain a root Kptfile.</param>
    /// <param name="task">The change being recorded, or null for an intermediate change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the change is recorded in the draft.</returns>
    Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default);

    /// <summary>Sets the lifecycle the revision gets when the draft is closed.</summary>
    /// <param name="lifecycle">The lifecycle.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the lifecycle is recorded in the draft.</returns>
    Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default);
}
