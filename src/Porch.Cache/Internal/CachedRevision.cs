using System.Text.Json;
using Porch.Engine.Api;
using Porch.Krm;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>
/// A package revision as the cache holds it: an immutable snapshot of the key, lifecycle and resource version, with
/// resources read from the repository (memory cache) or from the database (database cache) when first asked for.
/// </summary>
internal sealed class CachedRevision : IPackageRevision
{
    private readonly IPackageRevision? _source;
    private readonly Func<CancellationToken, ValueTask<IReadOnlyDictionary<string, string>>>? _loadResources;
    private readonly string? _tasksJson;
    private readonly string? _lockJson;
    private IReadOnlyList<TaskSpec>? _tasks;
    private Locator? _lock;
    private IReadOnlyDictionary<string, string>? _resources;
    private Kptfile? _kptfile;

    private CachedRevision(
        CachedRepository owner,
        PackageRevisionKey key,
        PackageRevisionLifecycle lifecycle,
        string resourceVersion,
        PublishInfo publishInfo,
        IPackageRevision? source,
        Func<CancellationToken, ValueTask<IReadOnlyDictionary<string, string>>>? loadResources,
        string? tasksJson,
        string? lockJson)
    {
        Owner = owner;
        Key = key;
        Name = key.ObjectName;
        Lifecycle = lifecycle;
        ResourceVersion = resourceVersion;
        PublishInfo = publishInfo;
        _source = source;
        _loadResources = loadResources;
        _tasksJson = tasksJson;
        _lockJson = lockJson;
        if (source is not null)
        {
            _tasks = source.Tasks;
            _lock = source.Lock;
        }
    }

    public CachedRepository Owner { get; }

    public PackageRevisionKey Key { get; }

    /// <summary>Gets the object name (<c>metadata.name</c>), computed once.</summary>
    public string Name { get; }

    public PackageRevisionLifecycle Lifecycle { get; }

    public string ResourceVersion { get; }

    public PublishInfo PublishInfo { get; }

    public IReadOnlyList<TaskSpec> Tasks => _tasks ??= _tasksJson is null
        ? []
        : JsonSerializer.Deserialize(_tasksJson, Engine.Api.PorchJsonContext.Default.ListTaskSpec) ?? [];

    public Locator Lock => _lock ??= _lockJson is null
        ? new Locator()
        : JsonSerializer.Deserialize(_lockJson, Engine.Api.PorchJsonContext.Default.Locator) ?? new Locator();

    public bool IsPublished => Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed;

    /// <summary>Wraps a revision read from the repository (memory cache).</summary>
    public static CachedRevision FromSource(CachedRepository owner, IPackageRevision source) =>
        new(owner, source.Key, source.Lifecycle, source.ResourceVersion, source.PublishInfo, source, null, null, null);

    /// <summary>Builds a revision from a database row; resources are loaded on first use.</summary>
    public static CachedRevision FromRow(
        CachedRepository owner,
        PackageRevisionKey key,
        PackageRevisionLifecycle lifecycle,
        string resourceVersion,
        PublishInfo publishInfo,
        string? tasksJson,
        string? lockJson,
        Func<CancellationToken, ValueTask<IReadOnlyDictionary<string, string>>> loadResources) =>
        new(owner, key, lifecycle, resourceVersion, publishInfo, null, loadResources, tasksJson, lockJson);

    public async ValueTask<IReadOnlyDictionary<string, string>> GetResourcesAsync(CancellationToken cancellationToken = default)
    {
        if (_resources is { } cached)
        {
            return cached;
        }

        var resources = _source is not null
            ? await _source.GetResourcesAsync(cancellationToken).ConfigureAwait(false)
            : await _loadResources!(cancellationToken).ConfigureAwait(false); // one of the two is always set by the factories
        _resources = resources;
        return resources;
    }

    public async ValueTask<Kptfile> GetKptfileAsync(CancellationToken cancellationToken = default)
    {
        if (_kptfile is { } cached)
        {
            return cached;
        }

        Kptfile kptfile;
        if (_source is not null)
        {
            kptfile = await _source.GetKptfileAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var resources = await GetResourcesAsync(cancellationToken).ConfigureAwait(false);
            kptfile = resources.TryGetValue(Kptfile.FileName, out var text) ? Kptfile.Parse(text) : new Kptfile();
        }

        _kptfile = kptfile;
        return kptfile;
    }

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default) =>
        Owner.UpdatePublishedLifecycleAsync(this, lifecycle, cancellationToken);

    /// <summary>Tells whether the content differs from <paramref name="other"/> (same name assumed).</summary>
    public bool DiffersFrom(IPackageRevision other) =>
        !string.Equals(ResourceVersion, other.ResourceVersion, StringComparison.Ordinal) ||
        Lifecycle != other.Lifecycle ||
        Key.Revision != other.Key.Revision;

    public override string ToString() => $"{Name} ({Lifecycle}, {ResourceVersion})";
}
