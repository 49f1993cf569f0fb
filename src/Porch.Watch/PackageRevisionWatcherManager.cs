using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch.Diagnostics;
using Porch.Watch.Internal;

namespace Porch.Watch;

/// <summary>
/// Fans every package revision change out to the watchers whose filter it matches, through one bounded channel per
/// watcher; keeps a log of recent changes, bounded by count and bytes, so watchers can resume; drops a watcher that falls behind with a
/// <see cref="WatchExpiredException"/> instead of growing memory or silently skipping events.
/// </summary>
internal sealed partial class PackageRevisionWatcherManager : IPackageRevisionChangeNotifier, IPackageRevisionWatchService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly WatchEventLog _log;
    private readonly int _bufferCapacity;
    private readonly ILogger _logger;
    private readonly List<Watcher> _watchers = [];
    private readonly WatchMetrics _metrics;
    private readonly IPackageRevisionChangeFeed? _feed;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _following = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _follower;
    private long _version;

    /// <param name="options">The watch options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="meterFactory">The meter factory.</param>
    /// <param name="feed">
    /// The shared change feed of several replicas (the PostgreSQL cache), or null for one process. With a feed, the
    /// watchers are served from it (every replica's committed changes, versioned by the feed) and the engine's own
    /// notifications are not delivered a second time.
    /// </param>
    /// <param name="time">The clock of the follower's retry delays.</param>
    public PackageRevisionWatcherManager(
        IOptions<WatchOptions> options,
        ILogger<PackageRevisionWatcherManager>? logger = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null,
        IPackageRevisionChangeFeed? feed = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed;
        _time = time ?? TimeProvider.System;
        _log = new WatchEventLog(options.Value.EventLogCapacity, options.Value.EventLogMaxBytes);
        _bufferCapacity = options.Value.WatcherBufferCapacity;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _metrics = new WatchMetrics(meterFactory, () => WatcherCount);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _metrics.Dispose();
    }

    public long CurrentVersion
    {
        get
        {
            StartFollowing();
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        if (_feed is not null)
        {
            // The change is in the feed (written with it, in its transaction): the follower delivers it, once, to every replica.
            return 0;
        }

        return Deliver(changeType, packageRevision, version: null);
    }

    /// <summary>Delivers one change: numbered here (one process) or at the feed's version (several replicas).</summary>
    private int Deliver(PackageRevisionChangeType changeType, PackageRevision packageRevision, long? version)
    {
        List<Watcher>? expired = null;
        var notified = 0;
        TaskCompletionSource advanced;
        lock (_lock)
        {
            WatchEvent change;
            if (version is { } v)
            {
                _version = v;
                change = new WatchEvent(changeType, packageRevision, v);
            }
            else
            {
                change = new WatchEvent(changeType, packageRevision, ++_version);
                _log.Append(changeType, packageRevision, change.Version);
            }

            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var watcher in _watchers)
            {
                if (!watcher.Filter.Matches(packageRevision))
                {
                    continue;
                }

                if (watcher.Channel.Writer.TryWrite(change))
                {
                    notified++;
                }
                else
                {
                    (expired ??= []).Add(watcher);
                }
            }

            if (expired is not null)
            {
                foreach (var watcher in expired)
                {
                    _watchers.Remove(watcher);
                    watcher.Channel.Writer.TryComplete(new WatchExpiredException(
                        $"watch of package revisions closed: the watcher fell more than {_bufferCapacity} events behind at version {change.Version}; list again and watch from the list"));
                }
            }
        }

        advanced.TrySetResult();
        if (expired is not null)
        {
            _logger.WatcherDropped(expired.Count, _bufferCapacity);
            _metrics.WatchersDropped.Add(expired.Count);
        }

        if (notified > 0)
        {
            _metrics.EventsSent.Add(notified);
        }

        return notified;
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        PackageRevisionFilter filter,
        long? fromVersion = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (_feed is not null)
        {
            await foreach (var change in WatchFeedAsync(_feed, filter, fromVersion, cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }

            yield break;
        }

        var watcher = Register(filter, fromVersion);
        try
        {
            await foreach (var change in watcher.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }

            watcher.Channel.Writer.TryComplete();
        }
    }

    private Watcher Register(PackageRevisionFilter filter, long? fromVersion)
    {
        var watcher = new Watcher(filter, Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(_bufferCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        lock (_lock)
        {
            if (fromVersion is { } from)
            {
                var oldest = _version - _log.Count + 1;
                if (from < 0 || from > _version)
                {
                    throw new WatchExpiredException($"invalid resource version for watch: {from} (current {_version})");
                }

                if (from < oldest - 1)
                {
                    throw new WatchExpiredException($"too old resource version: {from} ({oldest - 1})");
                }

                foreach (var change in _log.After(from))
                {
                    if (filter.Matches(change.Object) && !watcher.Channel.Writer.TryWrite(change))
                    {
                        throw new WatchExpiredException(
                            $"too old resource version: {from} (more than {_bufferCapacity} matching events to replay)");
                    }
                }
            }

            _watchers.Add(watcher);
        }

        return watcher;
    }

    /// <summary>Gets the number of events the resume log holds (for tests).</summary>
    internal int EventLogCount
    {
        get
        {
            lock (_lock)
            {
                return _log.Count;
            }
        }
    }

    /// <summary>Gets the bytes the resume log charges for what it holds; never more than <see cref="WatchOptions.EventLogMaxBytes"/>.</summary>
    internal long EventLogBytes
    {
        get
        {
            lock (_lock)
            {
                return _log.Bytes;
            }
        }
    }

    private sealed record Watcher(PackageRevisionFilter Filter, Channel<WatchEvent> Channel);
}
