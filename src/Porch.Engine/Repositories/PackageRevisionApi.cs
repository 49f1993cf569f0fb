using Porch.Engine.Api;
using Porch.Engine.Internal;

namespace Porch.Engine.Repositories;

/// <summary>
/// Builds the API object clients see from a stored revision, exactly as the engine does for GET and LIST, so caches
/// that notify watchers of changes they discover (sync) send the same objects as the engine.
/// </summary>
public static class PackageRevisionApi
{
    /// <summary>Converts a stored revision, its Kptfile and its stored Kubernetes metadata into a <see cref="PackageRevision"/>.</summary>
    /// <param name="repository">The Repository object the revision belongs to.</param>
    /// <param name="revision">The stored revision.</param>
    /// <param name="isLatest">Whether the revision carries the computed <c>kpt.dev/latest-revision</c> label.</param>
    /// <param name="storedMetadata">The metadata kept by the metadata store, or null when none is stored.</param>
    /// <param name="cancellationToken">Cancels reading the Kptfile.</param>
    /// <returns>The API object.</returns>
    public static ValueTask<PackageRevision> ToApiAsync(
        Repository repository,
        IPackageRevision revision,
        bool isLatest,
        ObjectMeta? storedMetadata,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(revision);
        return PackageRevisionConverter.ToApiAsync(repository, revision, isLatest, storedMetadata, cancellationToken);
    }
}
