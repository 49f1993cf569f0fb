using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>
/// The memory cache of one repository (Porch's CR cache map): an immutable snapshot replaced on every change, so listing
/// takes no lock; a package-path index serves package-filtered lists without a scan.
/// </summary>
internal sealed class MemoryRevisionStore : IRevisionStore
{
    private readonly Lock _lock = new();
    private readonly CachedRepository _owner;
    private readonly IPackageRevisionMetadataStore _metadata;
    private readonly TimeProvider _time;
    private readonly TimeSpan _claimTimeout;
    private readonly Dictionary<string, (string Token, DateTimeOffset Until)> _claims = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private string? _syncedVersion;

    public MemoryRevisionStore(CachedRepository owner, IPackageRevisionMetadataStore metadata, TimeProvider time, TimeSpan claimTimeout)
    {
        _owner = owner;
        _metadata = metadata;
        _time = time;
        _claimTimeout = claimTimeout;
    }

    public string StorageName => "memory";

    public int Count => _snapshot.ByName.Count;

    public ValueTask<string?> GetSyncedVersionAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref _syncedVersion));

    public ValueTask SetSyncedVersionAsync(string version, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _syncedVersion, version);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<IReadOnlyList<CachedRevision>> ListAsync(PackageRevisionFilter filter, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        IReadOnlyList<CachedRevision> candidates;
        if (filter.Name is { } name)
        {
            candidates = snapshot.ByName.TryGetValue(name, out var one) ? [one] : [];
        }
        else if (filter.PackageName is { } packageName)
        {
            candidates = snapshot.ByPath.TryGetValue(packageName.Trim('/'), out var ofPackage) ? ofPackage : [];
        }
        else if (filter.Labels is { } required && _metadata is MemoryMetadataStore labelIndex && LabelMatching.NeedsStoredLabels(required))
        {
            // The selector matches no revision without stored labels: only the labelled ones need a look.
            var matching = new LabelMatching(required);
            var labelled = new List<CachedRevision>();
            foreach (var (labelledName, labels) in labelIndex.Labelled(_owner.Key.Namespace))
            {
                if (snapshot.ByName.TryGetValue(labelledName, out var revision) &&
                    filter.MatchesKey(revision.Key) && filter.MatchesLifecycle(revision.Lifecycle) &&
                    matching.Matches(labels, snapshot.IsLatest(revision)))
                {
                    labelled.Add(revision);
                }
            }

            return labelled;
        }
        else
        {
            candidates = snapshot.All;
        }

        var result = new List<CachedRevision>(filter.IsKeyOnly && filter.WorkspaceName is null && filter.Revision is null ? candidates.Count : 16);
        var labelStore = _metadata as MemoryMetadataStore;
        var labelMatching = filter.Labels is { } selector ? new LabelMatching(selector) : null;
        foreach (var revision in candidates)
        {
            if (!filter.MatchesKey(revision.Key) || !filter.MatchesLifecycle(revision.Lifecycle))
            {
                continue;
            }

            if (labelMatching is not null)
            {
                var labels = labelStore is not null
                    ? labelStore.FindLabels(revision.Key.Repository.Namespace, revision.Name)
                    : (await _metadata.GetAsync(revision.Key.Repository.Namespace, revision.Name, cancellationToken).ConfigureAwait(false))?.Labels;
                if (!labelMatching.Matches(labels, snapshot.IsLatest(revision)))
                {
                    continue;
                }
            }

            result.Add(revision);
        }

        return result;
    }

    public bool StoresMetadata => false;

    /// <summary>Applies the change; <paramref name="seen"/> is not needed here: one process, whose writers the repository's gate serializes.</summary>
    public ValueTask ApplyAsync(
        IReadOnlyList<IPackageRevision> upserts,
        IReadOnlyList<CachedRevision> deletes,
        IReadOnlyDictionary<string, ObjectMeta>? metadata,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? seen = null)
    {
        lock (_lock)
        {
            var byName = new Dictionary<string, CachedRevision>(_snapshot.ByName, StringComparer.Ordinal);
            foreach (var deleted in deletes)
            {
                byName.Remove(deleted.Name);
                _claims.Remove(deleted.Name);
            }

            foreach (var upsert in upserts)
            {
                var cached = upsert as CachedRevision ?? CachedRevision.FromSource(_owner, upsert);
                byName[cached.Name] = cached;
                _claims.Remove(cached.Name);
            }

            _snapshot = Snapshot.Build(byName);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryClaimAsync(CachedRevision revision, string token, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_snapshot.ByName.TryGetValue(revision.Name, out var current) ||
                !string.Equals(current.ResourceVersion, revision.ResourceVersion, StringComparison.Ordinal) ||
                (_claims.TryGetValue(revision.Name, out var claim) && claim.Until > now))
            {
                return ValueTask.FromResult(false);
            }

            _claims[revision.Name] = (token, now + _claimTimeout);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask ReleaseClaimAsync(CachedRevision revision, string token, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_claims.TryGetValue(revision.Name, out var claim) && claim.Token == token)
            {
                _claims.Remove(revision.Name);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _snapshot = Snapshot.Empty;
            _claims.Clear();
            _syncedVersion = null;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One immutable state of the map: by name, by package path, all, and the latest revision number per package path.</summary>
    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = Build(new Dictionary<string, CachedRevision>(StringComparer.Ordinal));

        private Snapshot(Dictionary<string, CachedRevision> byName, Dictionary<string, List<CachedRevision>> byPath, CachedRevision[] all, Dictionary<string, int> latest)
        {
            ByName = byName;
            ByPath = byPath;
            All = all;
            Latest = latest;
        }

        public Dictionary<string, CachedRevision> ByName { get; }

        public Dictionary<string, List<CachedRevision>> ByPath { get; }

        public CachedRevision[] All { get; }

        public Dictionary<string, int> Latest { get; }

        public static Snapshot Build(Dictionary<string, CachedRevision> byName)
        {
            var byPath = new Dictionary<string, List<CachedRevision>>(StringComparer.Ordinal);
            var latest = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var revision in byName.Values)
            {
                var path = revision.Key.Package.PackagePath;
                if (!byPath.TryGetValue(path, out var list))
                {
                    list = [];
                    byPath[path] = list;
                }

                list.Add(revision);
                if (revision.IsPublished && revision.Key.Revision > 0 && (!latest.TryGetValue(path, out var max) || revision.Key.Revision > max))
                {
                    latest[path] = revision.Key.Revision;
                }
            }

            return new Snapshot(byName, byPath, [.. byName.Values], latest);
        }

        public bool IsLatest(CachedRevision revision) =>
            revision.IsPublished && revision.Key.Revision > 0 &&
            Latest.TryGetValue(revision.Key.Package.PackagePath, out var max) && max == revision.Key.Revision;
    }
}
