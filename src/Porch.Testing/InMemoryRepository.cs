using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>
/// A complete <see cref="IRepository"/> in process memory, with the semantics of Porch's Git layout: drafts are
/// isolated until closed, closing is atomic and checks that nobody changed the revision meanwhile, publishing assigns
/// the given revision number and refreshes the placeholder revision of the registered branch, and resource versions
/// change with every content change. Thread safe.
/// </summary>
public sealed class InMemoryRepository : IRepository
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, StoredRevision>> _byPath = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly IUserInfoProvider? _users;
    private long _version;
    private long _commits;
    private string _branchHead = "";

    /// <summary>Initializes a new instance of the <see cref="InMemoryRepository"/> class.</summary>
    /// <param name="key">The repository key (namespace, name, directory, placeholder workspace = branch).</param>
    /// <param name="options">Settings; null for defaults.</param>
    public InMemoryRepository(RepositoryKey key, InMemoryRepositoryOptions? options = null)
    {
        if (string.IsNullOrEmpty(key.Name))
        {
            throw new ArgumentException("The repository key needs a name.", nameof(key));
        }

        Key = key with { PlaceholderWorkspaceName = string.IsNullOrEmpty(key.PlaceholderWorkspaceName) ? "main" : key.PlaceholderWorkspaceName };
        options ??= new InMemoryRepositoryOptions();
        Url = options.Url ?? "memory://" + key.Name;
        _time = options.TimeProvider;
        _users = options.UserInfoProvider;
    }

    /// <inheritdoc/>
    public RepositoryKey Key { get; }

    /// <summary>Gets the URL shown in self locks.</summary>
    public string Url { get; }

    /// <summary>Gets the number of stored revisions (drafts, proposed, published and placeholders).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byPath.Values.Sum(p => p.Count);
            }
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<IPackageRevision>();
        lock (_lock)
        {
            if (filter.PackageName is { } packageName)
            {
                if (_byPath.TryGetValue(packageName.Trim('/'), out var revisions))
                {
                    AddMatching(revisions, filter, result);
                }
            }
            else
            {
                foreach (var revisions in _byPath.Values)
                {
                    AddMatching(revisions, filter, result);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<IPackageRevision>>(result);
    }

    /// <inheritdoc/>
    public Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        cancellationToken.ThrowIfCancellationRequested();
        var packageName = (packageRevision.Spec.PackageName ?? "").Trim('/');
        ArgumentException.ThrowIfNullOrEmpty(packageName, "packageRevision.Spec.PackageName");
        var workspace = packageRevision.Spec.WorkspaceName ?? "";
        ArgumentException.ThrowIfNullOrEmpty(workspace, "packageRevision.Spec.WorkspaceName");
        var key = new PackageRevisionKey(PackageKey.FromPackageName(Key, packageName), 0, workspace);
        var draft = new InMemoryDraft(this, key, packageRevision.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft, basis: null);
        return Task.FromResult<IPackageRevisionDraft>(draft);
    }

    /// <inheritdoc/>
    public Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Own(packageRevision);
        if (stored.Lifecycle is not (PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed))
        {
            throw new PackageValidationException($"cannot update a package revision with lifecycle value \"{stored.Lifecycle}\"; package must be Draft or Proposed");
        }

        return Task.FromResult<IPackageRevisionDraft>(new InMemoryDraft(this, stored.Key, stored.Lifecycle, stored));
    }

    /// <inheritdoc/>
    public Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        cancellationToken.ThrowIfCancellationRequested();
        if (draft is not InMemoryDraft d || d.Owner != this)
        {
            throw new ArgumentException("The draft was not created by this repository.", nameof(draft));
        }

        var path = d.Key.Package.PackagePath;
        var workspace = d.Key.WorkspaceName;
        lock (_lock)
        {
            if (d.Closed)
            {
                throw new InvalidOperationException($"The draft of {d.Key.ObjectName} is already closed.");
            }

            var revisions = _byPath.GetValueOrDefault(path);
            var existing = revisions?.GetValueOrDefault(workspace);
            if (d.Basis is null && existing is not null)
            {
                throw new PackageRevisionConflictException($"package revision {d.Key.ObjectName} already exists");
            }

            if (d.Basis is not null && (existing is null || existing.ResourceVersion != d.Basis.ResourceVersion || existing.Lifecycle != d.Basis.Lifecycle))
            {
                throw new PackageRevisionConflictException(
                    $"Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"{d.Key.ObjectName}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            if (!d.Resources.ContainsKey("Kptfile"))
            {
                throw new PackageValidationException("package must contain Kptfile at root");
            }

            StoredRevision closed;
            var files = d.ContentChanged || d.Basis is null ? new Dictionary<string, string>(d.Resources, StringComparer.Ordinal) : d.Basis.Files;
            if (d.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed)
            {
                if (revision <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(revision), revision, "Publishing needs a revision number greater than 0.");
                }

                if (revisions is not null && revisions.Values.Any(r => r.Key.Revision == revision && r.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
                {
                    throw new PackageRevisionConflictException($"revision {revision} of package {path} already exists in repository {Key.Name}");
                }

                var commit = NewCommit();
                var user = _users?.GetUserInfo();
                var published = new PublishInfo(user is null ? "" : user.Email ?? user.Name, _time.GetUtcNow());
                closed = new StoredRevision(this, d.Key with { Revision = revision }, PackageRevisionLifecycle.Published, commit, files, d.Tasks, published);
                revisions = GetOrAddPath(path);
                revisions[workspace] = closed;
                var placeholderKey = d.Key with { Revision = -1, WorkspaceName = Key.PlaceholderWorkspaceName };
                var placeholderLifecycle = revisions.GetValueOrDefault(Key.PlaceholderWorkspaceName)?.Lifecycle ?? PackageRevisionLifecycle.Published;
                revisions[Key.PlaceholderWorkspaceName] = new StoredRevision(this, placeholderKey, placeholderLifecycle, commit, files, d.Tasks, published);
                _branchHead = commit;
            }
            else
            {
                var changed = d.ContentChanged || d.Basis is null || !ReferenceEquals(d.Tasks, d.Basis.Tasks);
                var resourceVersion = changed ? NewCommit() : d.Basis!.ResourceVersion;
                closed = new StoredRevision(this, d.Key with { Revision = 0 }, d.Lifecycle, resourceVersion, files, d.Tasks, default);
                GetOrAddPath(path)[workspace] = closed;
            }

            d.Closed = true;
            _version++;
            return Task.FromResult<IPackageRevision>(closed);
        }
    }

    /// <inheritdoc/>
    public Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Own(packageRevision);
        lock (_lock)
        {
            var path = stored.Key.Package.PackagePath;
            if (!_byPath.TryGetValue(path, out var revisions) || !revisions.Remove(stored.Key.WorkspaceName))
            {
                throw new PackageRevisionNotFoundException($"cannot delete package with no ref: {stored.Key.Package.FullPath}", stored.Key);
            }

            if (revisions.Count == 0)
            {
                _byPath.Remove(path);
            }

            if (stored.Key.Revision == -1)
            {
                _branchHead = NewCommit();
            }

            _version++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<IPackage> packages = _byPath
                .Select(p => (IPackage)new InMemoryPackage(
                    PackageKey.FromPackageName(Key, p.Key),
                    p.Value.Values.Where(r => r.Key.Revision > 0 && r.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed)
                        .Select(r => r.Key.Revision).DefaultIfEmpty(0).Max()))
                .Where(p => filter.Matches(p.Key))
                .ToList();
            return Task.FromResult(packages);
        }
    }

    /// <inheritdoc/>
    public Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_version.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <inheritdoc/>
    public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_branchHead);
        }
    }

    /// <summary>Does nothing: memory is always current.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A completed task.</returns>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Keeps the content: an in-memory repository lives as long as the adapter that holds it.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Marks a draft as ended under the repository's lock, so a close racing with the dispose sees it.</summary>
    internal void EndDraft(InMemoryDraft draft)
    {
        lock (_lock)
        {
            draft.Closed = true;
        }
    }

    internal Task UpdatePublishedLifecycleAsync(StoredRevision revision, PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var current = _byPath.GetValueOrDefault(revision.Key.Package.PackagePath)?.GetValueOrDefault(revision.Key.WorkspaceName)
                ?? throw new PackageRevisionNotFoundException($"packagerevisions.porch.kpt.dev \"{revision.Key.ObjectName}\" not found", revision.Key);
            if (current.Lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
            {
                throw new PackageValidationException("cannot update lifecycle for draft package revision");
            }

            if (lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
            {
                throw new PackageValidationException($"invalid new lifecycle value: \"{lifecycle}\"");
            }

            if (current.Lifecycle != lifecycle)
            {
                _byPath[revision.Key.Package.PackagePath][revision.Key.WorkspaceName] = current.With(lifecycle);
                _version++;
            }
        }

        return Task.CompletedTask;
    }

    private static void AddMatching(Dictionary<string, StoredRevision> revisions, PackageRevisionFilter filter, List<IPackageRevision> result)
    {
        foreach (var revision in revisions.Values)
        {
            if (filter.MatchesKey(revision.Key) && filter.MatchesLifecycle(revision.Lifecycle))
            {
                result.Add(revision);
            }
        }
    }

    private Dictionary<string, StoredRevision> GetOrAddPath(string path)
    {
        if (!_byPath.TryGetValue(path, out var revisions))
        {
            revisions = new Dictionary<string, StoredRevision>(StringComparer.Ordinal);
            _byPath[path] = revisions;
        }

        return revisions;
    }

    private StoredRevision Own(IPackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return packageRevision is StoredRevision stored && stored.Owner == this
            ? stored
            : throw new ArgumentException("The package revision does not belong to this repository.", nameof(packageRevision));
    }

    /// <summary>A commit-like 40-hex id, unique within this repository.</summary>
    private string NewCommit()
    {
        var n = ++_commits;
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{Key.Namespace}/{Key.Name}/{n}"));
        return Convert.ToHexStringLower(bytes, 0, 20);
    }

    private sealed record InMemoryPackage(PackageKey Key, int LatestRevision) : IPackage;
}
