namespace Porch.Cache.Sources;

/// <summary>
/// Where the background process learns which Repository objects exist (in Kubernetes: a watch of Repository custom
/// resources). A watch first reports every current repository as <see cref="RepositorySourceEventType.Added"/>, then one
/// <see cref="RepositorySourceEventType.Synced"/>, then changes as they happen.
/// </summary>
public interface IRepositorySource
{
    /// <summary>Watches the repositories.</summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events, in order.</returns>
    IAsyncEnumerable<RepositorySourceEvent> WatchAsync(CancellationToken cancellationToken = default);
}
