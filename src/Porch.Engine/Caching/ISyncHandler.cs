using Porch.Engine.Api;

namespace Porch.Engine.Caching;

/// <summary>Synchronises one cached repository with its source (cron, one-time and on-demand syncs).</summary>
public interface ISyncHandler
{
    /// <summary>Gets the key of the repository it syncs.</summary>
    RepositoryKey Key { get; }

    /// <summary>Gets the error of the last sync, or null when it succeeded or none ran yet.</summary>
    Exception? LastSyncError { get; }

    /// <summary>Runs one full sync now.</summary>
    /// <param name="cancellationToken">Cancels the sync.</param>
    /// <returns>A task that completes when the sync is done.</returns>
    Task SyncOnceAsync(CancellationToken cancellationToken = default);
}
