using Porch.Engine.Repositories;

namespace Porch.Watch;

/// <summary>Streams package revision changes to watchers.</summary>
public interface IPackageRevisionWatchService
{
    /// <summary>
    /// Streams every change that matches <paramref name="filter"/>, in order. With <paramref name="fromVersion"/> the
    /// stream first replays the matching changes after that version, so a reconnecting client misses nothing.
    /// </summary>
    /// <param name="filter">Which revisions (namespace, repository, package, workspace, revision, lifecycles, Kptfile labels, label selector).</param>
    /// <param name="fromVersion">The version of the last event the client saw, or null to start with the next change.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="WatchExpiredException">The version is older than the event log reaches, or the watcher fell too far behind (thrown while enumerating).</exception>
    IAsyncEnumerable<WatchEvent> WatchAsync(PackageRevisionFilter filter, long? fromVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the version of the latest change (0 before the first); a list taken now is consistent with it.</summary>
    long CurrentVersion { get; }

    /// <summary>Gets the number of active watchers.</summary>
    int WatcherCount { get; }
}
