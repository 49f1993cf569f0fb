using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Porch.Engine.Watch;
using Porch.Watch.Diagnostics;

namespace Porch.Watch.Internal;

/// <summary>
/// Fans every change of one kind out to the watchers whose filter it matches, through one bounded channel per
/// watcher; keeps a log of recent changes, bounded by count and bytes, so watchers can resume; drops a watcher that
/// falls behind with a <see cref="WatchExpiredException"/> instead of growing memory or silently skipping events.
/// Package revisions and repositories each have one.
/// </summary>
/// <typeparam name="T">The watched kind.</typeparam>
internal sealed class WatchHub<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly WatchEventLog<T> _log;
    private readonly int _bufferCapacity;
    private readonly string _what;
    private readonly ILogger _logger;
    private readonly WatchMetrics _metrics;
    private readonly List<Watcher> _watchers = [];
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <param name="options">The bounds.</param>
    /// <param name="type">How an object is kept in the resume log.</param>
    /// <param name="what">The kind in messages ("package revisions").</param>
    /// <param name="logger">Where dropped watchers are logged.</param>
    /// <param name="metrics">The package's instruments.</param>
    public WatchHub(WatchOptions options, JsonTypeInfo<T> type, string what, ILogger logger, WatchMetrics metrics)
    {
        _log = new WatchEventLog<T>(options.EventLogCapacity, options.EventLogMaxBytes, type);
        _bufferCapacity = options.WatcherBufferCapacity;
        _what = what;
        _logger = logger;
        _metrics = metrics;
    }

    public long CurrentVersion
    {
        get
        {
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

    /// <summary>Gets the number of events the resume log holds (for tests).</summary>
    public int EventLogCount
    {
        get
        {
            lock (_lock)
            {
                return _log.Count;
            }
        }
    }

    /// <summary>Gets the bytes the resume log charges for what it holds.</summary>
    public long EventLogBytes
    {
        get
        {
            lock (_lock)
            {
                return _log.Bytes;
            }
        }
    }

    /// <summary>Publishes a change at the next version of the hub's own stream.</summary>
    public int Publish(PackageRevisionChangeType type, T item) => Publish(type, item, version: null);

    /// <summary>
    /// Publishes a change; <paramref name="version"/>, when given, is the version the caller's store assigned and must
    /// be more than the last one published.
    /// </summary>
    public int Publish(PackageRevisionChangeType type, T item, long? version) => Publish(type, item, version, keepInLog: true);

    /// <summary>
    /// Publishes a change; <paramref name="keepInLog"/> false when the change is kept elsewhere to resume from (a shared
    /// change feed replays itself).
    /// </summary>
    public int Publish(PackageRevisionChangeType type, T item, long? version, bool keepInLog)
    {
        ArgumentNullException.ThrowIfNull(item);
        List<Watcher>? expired = null;
        var notified = 0;
        TaskCompletionSource advanced;
        lock (_lock)
        {
            var next = version ?? _version + 1;
            if (next <= _version)
            {
                throw new ArgumentOutOfRangeException(nameof(version), next, $"a change of {_what} must come after version {_version}");
            }

            _version = next;
            var change = new WatchHubEvent<T>(type, item, next);
            if (keepInLog)
            {
                _log.Append(type, item, next);
            }

            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var watcher in _watchers)
            {
                if (!watcher.Filter(item))
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
                        $"watch of {_what} closed: the watcher fell more than {_bufferCapacity} events behind at version {next}; list again and watch from the list"));
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

    /// <summary>Streams the changes that <paramref name="filter"/> accepts, after replaying those logged after <paramref name="fromVersion"/>.</summary>
    public async IAsyncEnumerable<WatchHubEvent<T>> WatchAsync(
        Func<T, bool> filter,
        long? fromVersion,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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

    /// <summary>Sets the version the next change must follow (a change feed's latest when the hub starts following it).</summary>
    public void SetVersion(long version)
    {
        lock (_lock)
        {
            _version = version;
        }
    }

    /// <summary>Waits until a change at <paramref name="version"/> or later has been published.</summary>
    public async Task WaitForVersionAsync(long version, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_version >= version)
                {
                    return;
                }

                next = _advanced.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds a watcher that receives live changes only, and the version live changes follow.</summary>
    public (Watcher Watcher, long Live) AddLiveWatcher(Func<T, bool> filter)
    {
        var watcher = NewWatcher(filter);
        lock (_lock)
        {
            _watchers.Add(watcher);
            return (watcher, _version);
        }
    }

    /// <summary>Removes a watcher and completes its channel.</summary>
    public void RemoveWatcher(Watcher watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }

        watcher.Channel.Writer.TryComplete();
    }

    /// <summary>Closes every watcher with a <see cref="WatchExpiredException"/> carrying <paramref name="message"/>.</summary>
    public void ExpireAll(string message)
    {
        List<Watcher> expired;
        lock (_lock)
        {
            expired = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var watcher in expired)
        {
            watcher.Channel.Writer.TryComplete(new WatchExpiredException(message));
        }

        if (expired.Count > 0)
        {
            _metrics.WatchersDropped.Add(expired.Count);
        }
    }

    private Watcher NewWatcher(Func<T, bool> filter) =>
        new(filter, Channel.CreateBounded<WatchHubEvent<T>>(new BoundedChannelOptions(_bufferCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        }));

    private Watcher Register(Func<T, bool> filter, long? fromVersion)
    {
        var watcher = NewWatcher(filter);
        lock (_lock)
        {
            if (fromVersion is { } from)
            {
                if (from < 0 || from > _version)
                {
                    throw new WatchExpiredException($"invalid resource version for watch: {from} (current {_version})");
                }

                // Kubernetes' text: the requested version and the oldest one the log can still resume from.
                var oldest = _log.OldestVersion ?? _version + 1;
                if (from < oldest - 1)
                {
                    throw new WatchExpiredException($"too old resource version: {from} ({oldest - 1})");
                }

                foreach (var change in _log.After(from))
                {
                    if (filter(change.Object) && !watcher.Channel.Writer.TryWrite(change))
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

    /// <summary>One watcher: its filter and the bounded channel its changes queue in.</summary>
    internal sealed record Watcher(Func<T, bool> Filter, Channel<WatchHubEvent<T>> Channel);
}
