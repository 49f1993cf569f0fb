using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>
/// Keeps the Kubernetes metadata of package revisions that Git does not hold: labels, annotations, finalizers, owner
/// references, creation and deletion timestamps (Porch's PackageRev objects or the DB cache's <c>meta</c> column).
/// </summary>
public interface IPackageRevisionMetadataStore
{
    /// <summary>Gets the stored metadata of one revision.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The package revision name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A copy of the metadata, or null when none is stored.</returns>
    ValueTask<ObjectMeta?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Stores the metadata of one revision, replacing what was stored.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The package revision name.</param>
    /// <param name="metadata">The metadata; the store keeps a copy.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask SetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken = default);

    /// <summary>Removes the metadata of one revision.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The package revision name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>True when something was removed.</returns>
    ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default);
}
