namespace Porch.Watch;

/// <summary>Streams Repository (<c>config.porch.kpt.dev</c>) changes to watchers.</summary>
public interface IRepositoryWatchService
{
    /// <summary>
    /// Streams every change of a Repository in <paramref name="namespace"/> (all when null), in order. With
    /// <paramref name="fromVersion"/> the stream first replays the changes after that version (a resourceVersion the
    /// registry assigned), so a reconnecting client misses nothing.
    /// </summary>
    /// <param name="namespace">The namespace, or null for all.</param>
    /// <param name="fromVersion">The resourceVersion of the last event or list the client saw, or null to start with the next change.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="WatchExpiredException">The version is older than the event log reaches, or the watcher fell too far behind (thrown while enumerating).</exception>
    IAsyncEnumerable<RepositoryWatchEvent> WatchAsync(string? @namespace, long? fromVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the version of the latest Repository change (0 before the first).</summary>
    long CurrentVersion { get; }

    /// <summary>Gets the number of active Repository watchers.</summary>
    int WatcherCount { get; }
}
