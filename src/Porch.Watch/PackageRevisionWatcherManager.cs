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
/// fans changes out to the matching watchers over bounded channels and keeps a bounded log to resume from.
/// </summary>
internal sealed class PackageRevisionWatcherManager :
    IPackageRevisionChangeNotifier,
    IPackageRevisionWatchService,
    IRepositoryChangeNotifier,
    IRepositoryWatchService,
    IDisposable
{
    private readonly WatchHub<PackageRevision> _revisions;
    private readonly WatchHub<Repository> _repositories;
    private readonly WatchMetrics _metrics;

    public PackageRevisionWatcherManager(IOptions<WatchOptions> options, ILogger<PackageRevisionWatcherManager>? logger = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = logger ?? (ILogger)NullLogger.Instance;
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

    public void Dispose() => _metrics.Dispose();

    public long CurrentVersion => _revisions.CurrentVersion;

    public int WatcherCount => _revisions.WatcherCount;

    long IRepositoryWatchService.CurrentVersion => _repositories.CurrentVersion;

    int IRepositoryWatchService.WatcherCount => _repositories.WatcherCount;

    public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision) =>
        _revisions.Publish(changeType, packageRevision);

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
        await foreach (var change in _revisions.WatchAsync(filter.Matches, fromVersion, cancellationToken).ConfigureAwait(false))
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
