using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace Porch.Engine.Internal;

/// <summary>
/// The read side of the engine (spec sections 3.1 and 5): list and get of package revisions, their resources and
/// packages, with Porch's filters, order and latest flag; also the entry look-ups the orchestrator and the task
/// handlers share. Reads never take a lock.
/// </summary>
internal sealed class PackageRevisionReader
{
    private readonly IReferenceResolver _repositories;
    private readonly IPackageCache _cache;
    private readonly IPackageRevisionMetadataStore _metadata;
    private readonly PorchEngineOptions _options;
    private readonly ILogger _logger;

    public PackageRevisionReader(
        IReferenceResolver repositories,
        IPackageCache cache,
        IPackageRevisionMetadataStore metadata,
        IOptions<PorchEngineOptions> options,
        ILogger<PackageRevisionReader>? logger = null)
    {
        _repositories = repositories;
        _cache = cache;
        _metadata = metadata;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Opens a repository through the cache, in its own span.</summary>
    public async Task<IRepository> OpenRepositoryAsync(Repository repositoryObject, CancellationToken cancellationToken)
    {
        using (PorchEngineDiagnostics.Source.StartActivity("OpenRepository"))
        {
            return await _cache.OpenRepositoryAsync(repositoryObject, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<PackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = await ListEntriesAsync(filter, cancellationToken).ConfigureAwait(false);
        var result = new List<PackageRevision>(entries.Count);
        foreach (var entry in entries)
        {
            var pr = await ToApiIfMatchesAsync(entry, filter, cancellationToken).ConfigureAwait(false);
            if (pr is not null)
            {
                result.Add(pr);
            }
        }

        return result;
    }

    public async Task<PackageRevision> GetPackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var entry = await GetEntryAsync(@namespace, name, PorchErrors.PackageRevisionsResource, cancellationToken).ConfigureAwait(false);
        return await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PackageRevisionResources>> ListPackageRevisionResourcesAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = await ListEntriesAsync(filter, cancellationToken).ConfigureAwait(false);
        var result = new List<PackageRevisionResources>(entries.Count);
        foreach (var entry in entries)
        {
            var pr = await ToApiIfMatchesAsync(entry, filter, cancellationToken).ConfigureAwait(false);
            if (pr is not null)
            {
                var files = await entry.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
                result.Add(PackageRevisionConverter.ToResources(pr, files));
            }
        }

        return result;
    }

    public async Task<PackageRevisionResources> GetPackageRevisionResourcesAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var entry = await GetEntryAsync(@namespace, name, PorchErrors.PackageRevisionResourcesResource, cancellationToken).ConfigureAwait(false);
        var pr = await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
        var files = await entry.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        return PackageRevisionConverter.ToResources(pr, files);
    }

    public async Task<IReadOnlyList<PorchPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = await ListEntriesAsync(
            new PackageRevisionFilter { Namespace = filter.Namespace, Repository = filter.Repository, PackageName = filter.PackageName },
            cancellationToken).ConfigureAwait(false);
        return entries
            .Where(e => filter.Matches(e.Key.Package))
            .GroupBy(e => (e.Namespace, e.Key.Package))
            .Select(g => new PorchPackage
            {
                Metadata = new ObjectMeta { Name = g.Key.Package.ObjectName, Namespace = g.Key.Namespace },
                Spec = new PorchPackageSpec { PackageName = g.Key.Package.PackagePath, Repository = g.Key.Package.Repository.Name },
                Status = new PorchPackageStatus
                {
                    LatestRevision = g.Where(e => e.IsPublished && e.Key.Revision > 0).Select(e => e.Key.Revision).DefaultIfEmpty(0).Max(),
                },
            })
            .ToList();
    }

    public async Task<PorchPackage> GetPackageAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var packages = await ListPackagesAsync(new PackageFilter { Namespace = @namespace, Name = name }, cancellationToken).ConfigureAwait(false);
        return packages.FirstOrDefault() ?? throw PorchErrors.NotFound("packages.porch.kpt.dev", name);
    }

    /// <summary>Lists matching revisions (key and lifecycle filters applied; Kptfile labels and label selectors are applied by the caller).</summary>
    public async Task<List<RevisionEntry>> ListEntriesAsync(PackageRevisionFilter filter, CancellationToken cancellationToken)
    {
        var repositories = await _repositories.ListRepositoriesAsync(filter.Namespace, cancellationToken).ConfigureAwait(false);
        var selected = repositories
            .Where(r => filter.Repository is null || r.Metadata.Name == filter.Repository)
            .Where(r => !IsV1Alpha2(r))
            .ToList();
        if (selected.Count == 1)
        {
            var single = await ListRepositoryAsync(selected[0], filter, cancellationToken).ConfigureAwait(false);
            Sort(single);
            return single;
        }

        var all = new List<RevisionEntry>();
        using var gate = new SemaphoreSlim(_options.MaxConcurrentRepositoryLists);
        var tasks = selected.Select(async repository =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RepositoryListTimeout);
                return await ListRepositoryAsync(repository, filter, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is PorchException or KrmException or OperationCanceledException or IOException)
            {
                _logger.RepositoryListFailed(repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "", ex);
                return [];
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        foreach (var part in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            all.AddRange(part);
        }

        Sort(all);
        return all;
    }

    public async Task<List<RevisionEntry>> ListRepositoryAsync(Repository repositoryObject, PackageRevisionFilter filter, CancellationToken cancellationToken)
    {
        var repository = await _cache.OpenRepositoryAsync(repositoryObject, cancellationToken).ConfigureAwait(false);
        var packageLevel = new PackageRevisionFilter
        {
            Namespace = repositoryObject.Metadata.Namespace,
            Repository = repositoryObject.Metadata.Name,
            PackageName = filter.PackageName,
        };
        var revisions = await repository.ListPackageRevisionsAsync(packageLevel, cancellationToken).ConfigureAwait(false);
        var latest = LatestRevisions(revisions, packageLevel);
        var entries = new List<RevisionEntry>();
        foreach (var rev in revisions)
        {
            if (!packageLevel.MatchesKey(rev.Key) || !filter.MatchesKey(rev.Key) || !filter.MatchesLifecycle(rev.Lifecycle))
            {
                continue;
            }

            var isLatest = IsPublished(rev.Lifecycle) && rev.Key.Revision > 0 &&
                latest.TryGetValue(rev.Key.Package.PackagePath, out var max) && max == rev.Key.Revision;
            var entry = new RevisionEntry(repositoryObject, repository, rev, isLatest);
            if (filter.Name is null || filter.Name == entry.Name)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The highest published revision number per package path (placeholders and unnumbered revisions never count).</summary>
    private static Dictionary<string, int> LatestRevisions(IReadOnlyList<IPackageRevision> revisions, PackageRevisionFilter packageLevel)
    {
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rev in revisions)
        {
            if (rev.Key.Revision > 0 && IsPublished(rev.Lifecycle) && packageLevel.MatchesKey(rev.Key))
            {
                var path = rev.Key.Package.PackagePath;
                if (!latest.TryGetValue(path, out var max) || rev.Key.Revision > max)
                {
                    latest[path] = rev.Key.Revision;
                }
            }
        }

        return latest;
    }

    private static void Sort(List<RevisionEntry> entries) => entries.Sort(static (a, b) =>
    {
        var c = string.CompareOrdinal(a.Namespace, b.Namespace);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Key.Repository.Name, b.Key.Repository.Name);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Key.Package.PackagePath, b.Key.Package.PackagePath);
        }

        if (c == 0)
        {
            c = a.Key.Revision.CompareTo(b.Key.Revision);
        }

        if (c == 0)
        {
            c = a.Revision.Lifecycle.CompareTo(b.Revision.Lifecycle);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    });

    private async ValueTask<PackageRevision?> ToApiIfMatchesAsync(RevisionEntry entry, PackageRevisionFilter filter, CancellationToken cancellationToken)
    {
        if (filter.KptfileLabels is { Count: > 0 } wanted)
        {
            var kptfile = await entry.Revision.GetKptfileAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in wanted)
            {
                if (!kptfile.Labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return null;
                }
            }
        }

        var pr = await ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
        return filter.Labels is null || filter.Labels.Matches(pr.Metadata.Labels) ? pr : null;
    }

    public async ValueTask<PackageRevision> ToApiAsync(RevisionEntry entry, CancellationToken cancellationToken)
    {
        var stored = await _metadata.GetAsync(entry.Namespace, entry.Name, cancellationToken).ConfigureAwait(false);
        return await PackageRevisionConverter.ToApiAsync(entry, stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds one revision by name or throws Kubernetes' not-found error for <paramref name="resource"/>.</summary>
    public async Task<RevisionEntry> GetEntryAsync(string @namespace, string name, string resource, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(@namespace))
        {
            throw PorchErrors.NamespaceRequired();
        }

        ArgumentException.ThrowIfNullOrEmpty(name);
        var entry = await FindEntryAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        return entry ?? throw PorchErrors.NotFound(resource, name);
    }

    public async Task<RevisionEntry?> FindEntryAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        if (!PackageRevisionName.TryParse(@namespace, name, out var key, out _))
        {
            return null;
        }

        var repositoryObject = await _repositories.GetRepositoryAsync(@namespace, key.Repository.Name, cancellationToken).ConfigureAwait(false);
        if (repositoryObject is null || IsV1Alpha2(repositoryObject))
        {
            return null;
        }

        var entries = await ListRepositoryAsync(
            repositoryObject,
            new PackageRevisionFilter { Namespace = @namespace, Repository = key.Repository.Name, PackageName = key.Package.PackagePath, Name = name },
            cancellationToken).ConfigureAwait(false);
        return entries.Count > 0 ? entries[0] : null;
    }

    public async Task<Repository> GetRepositoryObjectAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var repository = await _repositories.GetRepositoryAsync(@namespace, name, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.RepositoryNotFound(@namespace, name);
        if (IsV1Alpha2(repository))
        {
            throw new PackageValidationException($"repository {PorchErrors.Quote(name)} is managed by v1alpha2; use the v1alpha2 API", PorchErrorCode.Gone);
        }

        return repository;
    }

    public static bool IsV1Alpha2(Repository repository) =>
        repository.Metadata.Annotations.TryGetValue(PorchApi.V1Alpha2MigrationAnnotation, out var v) && v == "true";

    public static bool IsPublished(PackageRevisionLifecycle lifecycle) =>
        lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed;

    /// <summary>The first revision of the namespace that names <paramref name="name"/> as its clone or upgrade upstream.</summary>
    public async Task<string?> FindDownstreamAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var all = await ListEntriesAsync(new PackageRevisionFilter { Namespace = @namespace }, cancellationToken).ConfigureAwait(false);
        foreach (var other in all)
        {
            if (other.IsPlaceholder)
            {
                continue;
            }

            foreach (var task in other.Revision.Tasks)
            {
                if ((task.Type == TaskType.Clone && task.Clone?.Upstream.UpstreamRef?.Name == name) ||
                    (task.Type == TaskType.Upgrade && task.Upgrade?.NewUpstream.Name == name))
                {
                    return other.Name;
                }
            }
        }

        return null;
    }
}
