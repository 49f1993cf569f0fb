using System.Runtime.CompilerServices;
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
/// The watch package's one service: a <see cref="WatchHub{T}"/> of package revision changes (versions of its own) and
/// one of Repository changes (the versions the <see cref="RepositoryRegistry"/> assigned as resourceVersions). Each
/// fans changes out to the matching watchers over bounded channels and keeps a bounded log to resume from. With a shared
/// change feed (several replicas on one database), package revision watchers are served from the feed instead
/// (PackageRevisionWatcherManager.Feed.cs).
/// </summary>
internal sealed partial class PackageRevisionWatcherManager :
    IPackageRevisionChangeNotifier,
    IPackageRevisionWatchService,
    IRepositoryChangeNotifier,
    IRepositoryWatchService,
    IDisposable
{
    private readonly WatchHub<PackageRevision> _revisions;
    private readonly WatchHub<Repository> _repositories;
    private readonly WatchMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IPackageRevisionChangeFeed? _feed;
    private readonly TimeProvider _time;
    private readonly Lock _followLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _following = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _follower;

    /// <param name="options">The watch options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="meterFactory">The meter factory.</param>
    /// <param name="feed">
    /// The shared change feed of several replicas (the PostgreSQL cache), or null for one process. With a feed, the
    /// package revision watchers are served from it (every replica's committed changes, versioned by the feed) and the
    /// engine's own notifications are not delivered a second time.
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
        var log = logger ?? (ILogger)NullLogger.Instance;
        _logger = log;
        _feed = feed;
        _time = time ?? TimeProvider.System;
        // The gauge may be read while (or after) a constructor with bad options fails: it reads what exists.
        _metrics = new WatchMetrics(meterFactory, () => (_revisions?.WatcherCount ?? 0) + (_repositories?.WatcherCount ?? 0));
        try
        {
            _revisions = new WatchHub<PackageRevision>(options.Value, PorchJsonContext.Default.PackageRevision, "package revisions", log, _metrics);
            _repositories = new WatchHub<Repository>(options.Value, PorchJsonContext.Default.Repository, "repositories", log, _metrics);
        }
        catch
        {
            _metrics.Dispose();
            throw;
        }
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
            return _revisions.CurrentVersion;
        }
    }

    public int WatcherCount => _revisions.WatcherCount;

    long IRepositoryWatchService.CurrentVersion => _repositories.CurrentVersion;

    int IRepositoryWatchService.WatcherCount => _repositories.WatcherCount;

    public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);

        // With a feed the change is in it (written in its transaction): the follower delivers it, once, to every replica.
        return _feed is null ? _revisions.Publish(changeType, packageRevision) : 0;
    }

    /// <summary>Publishes a snapshot: the registry's instance changes in place (status, resourceVersion) after this event.</summary>
    public void NotifyRepositoryChange(PackageRevisionChangeType changeType, Repository repository, long version)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var snapshot = System.Text.Json.JsonSerializer.Deserialize(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(repository, PorchJsonContext.Default.Repository),
            PorchJsonContext.Default.Repository)!;
        _repositories.Publish(changeType, snapshot, version);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        PackageRevisionFilter filter,
        long? fromVersion = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var changes = _feed is null
            ? _revisions.WatchAsync(filter.Matches, fromVersion, cancellationToken)
            : WatchFeedAsync(_feed, filter, fromVersion, cancellationToken);
        await foreach (var change in changes.ConfigureAwait(false))
        {
            yield return new WatchEvent(change.Type, change.Object, change.Version);
        }
    }

    async IAsyncEnumerable<RepositoryWatchEvent> IRepositoryWatchService.WatchAsync(
        string? @namespace,
        long? fromVersion,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in _repositories.WatchAsync(r => @namespace is null || r.Metadata.Namespace == @namespace, fromVersion, cancellationToken).ConfigureAwait(false))
        {
            yield return new RepositoryWatchEvent(change.Type, change.Object, change.Version);
        }
    }

    /// <summary>Gets the number of package revision events the resume log holds (for tests).</summary>
    internal int EventLogCount => _revisions.EventLogCount;

    /// <summary>Gets the bytes the package revision resume log charges; never more than <see cref="WatchOptions.EventLogMaxBytes"/>.</summary>
    internal long EventLogBytes => _revisions.EventLogBytes;
}
