using System.Runtime.CompilerServices;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch.Diagnostics;
using Porch.Watch.Internal;

namespace Porch.Watch;

/// <summary>
/// Watches served from a shared change feed (several replicas on one database): one follower per process reads the
/// feed in version order, woken by the feed's announcements, and delivers each change to the matching watchers with
/// the feed's version, so the versions a client sees are the same on every replica. Resuming replays from the feed
/// itself (not from this process's memory), so a version issued by any replica can be resumed here; one older than
/// the feed keeps is 410 Gone.
/// </summary>
internal sealed partial class PackageRevisionWatcherManager
{
    private const int FeedBatch = 256;

    /// <summary>Starts following the feed (once; the first watch or version read does it). The position is the feed's latest change.</summary>
    private void StartFollowing()
    {
        if (_feed is null)
        {
            return;
        }

        lock (_followLock)
        {
            if (_follower is null && !_stopping.IsCancellationRequested)
            {
                _follower = Task.Run(() => FollowAsync(_feed, _stopping.Token));
            }
        }
    }

    /// <summary>
    /// Starts following the feed and waits until the follower knows its position, so <see cref="CurrentVersion"/> is the
    /// feed's (a list served now reports a version its watch resumes from). Does nothing without a feed.
    /// </summary>
    internal Task StartFollowingAsync(CancellationToken cancellationToken)
    {
        if (_feed is null)
        {
            return Task.CompletedTask;
        }

        StartFollowing();
        return _following.Task.WaitAsync(cancellationToken);
    }

    private async Task FollowAsync(IPackageRevisionChangeFeed feed, CancellationToken stopping)
    {
        long position = -1;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (position < 0)
                {
                    var (_, latest) = await feed.GetBoundsAsync(stopping).ConfigureAwait(false);
                    position = latest;
                    _revisions.SetVersion(latest);

                    _following.TrySetResult();
                }

                await feed.WaitForChangesAsync(position, stopping).ConfigureAwait(false);
                while (true)
                {
                    var batch = await feed.ReadAsync(position, FeedBatch, stopping).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    if (batch[0].Version > position + 1 && (await feed.GetBoundsAsync(stopping).ConfigureAwait(false)).Oldest > position)
                    {
                        // The follower fell behind what the feed keeps: its watchers missed changes for good.
                        _revisions.ExpireAll($"too old resource version: {position} (the change feed no longer holds the changes after it)");
                    }

                    foreach (var change in batch)
                    {
                        _revisions.Publish(change.Type, change.Object, change.Version, keepInLog: false);
                        position = change.Version;
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is unreachable: the feed keeps the changes, so nothing is lost; read again shortly.
                _logger.FeedReadFailed(ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async IAsyncEnumerable<WatchHubEvent<PackageRevision>> WatchFeedAsync(
        IPackageRevisionChangeFeed feed,
        PackageRevisionFilter filter,
        long? fromVersion,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StartFollowing();
        await _following.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (fromVersion is { } from)
        {
            var (oldest, latest) = await feed.GetBoundsAsync(cancellationToken).ConfigureAwait(false);
            if (from < 0 || from > latest)
            {
                throw new WatchExpiredException($"invalid resource version for watch: {from} (current {latest})");
            }

            if (from < oldest)
            {
                throw new WatchExpiredException($"too old resource version: {from} ({oldest})");
            }

            // A version issued by a replica further ahead: wait until this one's follower has reached it.
            await _revisions.WaitForVersionAsync(from, cancellationToken).ConfigureAwait(false);
        }

        var (watcher, live) = _revisions.AddLiveWatcher(filter.Matches);
        try
        {
            // Live events (after `live`) queue in the channel while the changes up to `live` are replayed from the feed.
            var after = fromVersion ?? live;
            while (after < live)
            {
                var batch = await feed.ReadAsync(after, FeedBatch, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var change in batch)
                {
                    if (change.Version > live)
                    {
                        break;
                    }

                    after = change.Version;
                    if (filter.Matches(change.Object))
                    {
                        yield return new WatchHubEvent<PackageRevision>(change.Type, change.Object, change.Version);
                    }
                }

                if (batch[^1].Version > live)
                {
                    break;
                }
            }

            await foreach (var change in watcher.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            _revisions.RemoveWatcher(watcher);
        }
    }
}
