using Porch.Engine.Api;

namespace Porch.Engine.Watch;

/// <summary>
/// A shared, ordered log of committed package revision changes that several engine replicas write to and follow (the
/// PostgreSQL cache's change feed): each change has a version greater than every change committed before it, so a
/// watch service that follows the feed delivers the changes of every replica, once each, in the order they were
/// committed, and a client can resume on any replica from a version another replica issued.
/// </summary>
public interface IPackageRevisionChangeFeed
{
    /// <summary>Gets the range of versions the feed can still replay.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// <c>Oldest</c>: the oldest version a reader may resume after (changes after it are all still kept; older ones were
    /// dropped); <c>Latest</c>: the version of the latest committed change (0 before the first).
    /// </returns>
    Task<(long Oldest, long Latest)> GetBoundsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads committed changes with a version greater than <paramref name="afterVersion"/>, oldest first.</summary>
    /// <param name="afterVersion">The version of the last change the reader has.</param>
    /// <param name="maxCount">At most this many changes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The changes, in version order; empty when there are none yet.</returns>
    Task<IReadOnlyList<PackageRevisionChange>> ReadAsync(long afterVersion, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when a change after <paramref name="afterVersion"/> may have been committed: a replica announced one, or
    /// the feed's connection was re-established (announcements made while it was lost are not replayed, so the reader
    /// reads the feed again to catch up).
    /// </summary>
    /// <param name="afterVersion">The version of the last change the reader has.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when the reader should read again.</returns>
    Task WaitForChangesAsync(long afterVersion, CancellationToken cancellationToken = default);
}

/// <summary>One committed change in a <see cref="IPackageRevisionChangeFeed"/>.</summary>
/// <param name="Version">The change's position in the feed.</param>
/// <param name="Type">Added, Modified or Deleted.</param>
/// <param name="Object">The package revision as clients saw it after the change (before it, for Deleted).</param>
public sealed record PackageRevisionChange(long Version, PackageRevisionChangeType Type, PackageRevision Object);
