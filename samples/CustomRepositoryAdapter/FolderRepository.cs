using System.Globalization;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace CustomRepositoryAdapter;

/// <summary>
/// An <see cref="IRepository"/> over a <see cref="FolderStore"/>. Drafts live in memory; closing one checks, under the
/// store's lock, that its basis is still what is stored (else a conflict), writes the files as new content and swaps
/// the record in. Publishing also moves the package's placeholder revision (the registered branch's copy, number -1).
/// </summary>
internal sealed class FolderRepository(RepositoryKey key, FolderStore store, string url) : IRepository
{
    public RepositoryKey Key { get; } = key;

    public FolderStore Store { get; } = store;

    public string Url { get; } = url;

    public async Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        var records = await Store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return records
            .Select(r => new FolderRevision(this, r))
            .Where(r => filter.MatchesKey(r.Key) && filter.MatchesLifecycle(r.Lifecycle))
            .ToArray();
    }

    public Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        cancellationToken.ThrowIfCancellationRequested();
        var packageName = (packageRevision.Spec.PackageName ?? "").Trim('/');
        var workspace = packageRevision.Spec.WorkspaceName ?? "";
        if (packageName.Length == 0 || workspace.Length == 0)
        {
            throw new PackageValidationException("spec.packageName and spec.workspaceName are required");
        }

        var key = new PackageRevisionKey(PackageKey.FromPackageName(Key, packageName), 0, workspace);
        var lifecycle = packageRevision.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        return Task.FromResult<IPackageRevisionDraft>(new FolderDraft(this, key, lifecycle, basis: null, new Dictionary<string, string>()));
    }

    public async Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var revision = Own(packageRevision);
        cancellationToken.ThrowIfCancellationRequested();
        if (revision.Lifecycle is not (PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed))
        {
            throw new PackageValidationException($"cannot update a package revision with lifecycle value \"{revision.Lifecycle}\"; package must be Draft or Proposed");
        }

        var files = await revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        return new FolderDraft(this, revision.Key, revision.Lifecycle, revision, files);
    }

    public async Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft is not FolderDraft d || d.Owner != this)
        {
            throw new ArgumentException("the draft was not created by this repository", nameof(draft));
        }

        await Store.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(d.Ended, d);
            if (!d.Resources.ContainsKey("Kptfile"))
            {
                throw new PackageValidationException("package must contain Kptfile at root");
            }

            var path = d.Key.Package.PackagePath;
            var existing = await Store.ReadAsync(path, d.Key.WorkspaceName, cancellationToken).ConfigureAwait(false);
            CheckBasis(d, existing);
            var publishing = d.Lifecycle is PackageRevisionLifecycle.Published;
            if (publishing)
            {
                await CheckNumberAsync(path, revision, cancellationToken).ConfigureAwait(false);
            }

            // Only now, after every check, does anything reach the disk.
            d.Ended = true;
            var contentId = d.ContentChanged || d.Basis is null
                ? await Store.WriteContentAsync(d.Resources, cancellationToken).ConfigureAwait(false)
                : d.Basis.Record.ContentId;
            var tasks = d.Tasks.Select(FolderStore.SerializeTask).ToArray();
            RevisionRecord record;
            if (publishing)
            {
                record = new RevisionRecord(path, d.Key.WorkspaceName, revision, PackageRevisionLifecycle.Published, contentId, tasks, "", Store.Time.GetUtcNow());
                await Store.PutAsync(record, existing, cancellationToken).ConfigureAwait(false);
                await PutPlaceholderAsync(record, cancellationToken).ConfigureAwait(false);
                await Store.BumpAsync(record.ContentId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                record = new RevisionRecord(path, d.Key.WorkspaceName, 0, d.Lifecycle, contentId, tasks, null, null);
                await Store.PutAsync(record, existing, cancellationToken).ConfigureAwait(false);
                await Store.BumpAsync(null, cancellationToken).ConfigureAwait(false);
            }

            return new FolderRevision(this, record);
        }
        finally
        {
            Store.Lock.Release();
        }
    }

    public async Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var revision = Own(packageRevision);
        await Store.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await Store.ReadAsync(revision.Record.PackagePath, revision.Record.Workspace, cancellationToken).ConfigureAwait(false)
                ?? throw new PackageRevisionNotFoundException($"packagerevisions.porch.kpt.dev \"{revision.Key.ObjectName}\" not found", revision.Key);
            Store.Remove(stored);
            var isPlaceholder = revision.Key.Revision == -1;
            await Store.BumpAsync(isPlaceholder ? Guid.NewGuid().ToString("N") : null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Store.Lock.Release();
        }
    }

    public async Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var records = await Store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return records
            .GroupBy(r => r.PackagePath, StringComparer.Ordinal)
            .Select(g => (IPackage)new FolderPackage(
                PackageKey.FromPackageName(Key, g.Key),
                g.Where(r => r.Revision > 0).Select(r => r.Revision).DefaultIfEmpty(0).Max()))
            .Where(p => filter.Matches(p.Key))
            .ToArray();
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken = default) =>
        (await Store.ReadStateAsync(cancellationToken).ConfigureAwait(false)).Version.ToString(CultureInfo.InvariantCulture);

    public async Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default) =>
        (await Store.ReadStateAsync(cancellationToken).ConfigureAwait(false)).BranchHead;

    /// <summary>Nothing to fetch: the folder is the source.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Nothing to release: the store outlives every open of its folder.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal async Task UpdatePublishedLifecycleAsync(FolderRevision revision, PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
        {
            throw new PackageValidationException($"invalid new lifecycle value: \"{lifecycle}\"");
        }

        await Store.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await Store.ReadAsync(revision.Record.PackagePath, revision.Record.Workspace, cancellationToken).ConfigureAwait(false)
                ?? throw new PackageRevisionNotFoundException($"packagerevisions.porch.kpt.dev \"{revision.Key.ObjectName}\" not found", revision.Key);
            if (stored.Lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
            {
                throw new PackageValidationException("cannot update lifecycle for draft package revision");
            }

            if (stored.Lifecycle != lifecycle)
            {
                await Store.PutAsync(stored with { Lifecycle = lifecycle }, replaced: null, cancellationToken).ConfigureAwait(false);
                await Store.BumpAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Store.Lock.Release();
        }
    }

    private static void CheckBasis(FolderDraft draft, RevisionRecord? existing)
    {
        if (draft.Basis is null && existing is not null)
        {
            throw new PackageRevisionConflictException($"package revision {draft.Key.ObjectName} already exists");
        }

        if (draft.Basis is { } basis && (existing is null || existing.ContentId != basis.Record.ContentId || existing.Lifecycle != basis.Lifecycle))
        {
            throw new PackageRevisionConflictException(
                $"Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"{draft.Key.ObjectName}\": the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    private async Task CheckNumberAsync(string path, int revision, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        var records = await Store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        if (records.Any(r => r.PackagePath == path && r.Revision == revision))
        {
            throw new PackageRevisionConflictException($"revision {revision} of package {path} already exists in repository {Key.Name}");
        }
    }

    /// <summary>The registered branch's copy of the package: the published files under the placeholder workspace, number -1.</summary>
    private async Task PutPlaceholderAsync(RevisionRecord published, CancellationToken cancellationToken)
    {
        var existing = await Store.ReadAsync(published.PackagePath, Key.PlaceholderWorkspaceName, cancellationToken).ConfigureAwait(false);
        var files = await Store.ReadContentAsync(published, cancellationToken).ConfigureAwait(false);
        var contentId = await Store.WriteContentAsync(files, cancellationToken).ConfigureAwait(false);
        var placeholder = published with { Workspace = Key.PlaceholderWorkspaceName, Revision = -1, ContentId = contentId };
        await Store.PutAsync(placeholder, existing, cancellationToken).ConfigureAwait(false);
    }

    private FolderRevision Own(IPackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return packageRevision is FolderRevision revision && revision.Owner.Store == Store
            ? revision
            : throw new ArgumentException("the package revision does not belong to this repository", nameof(packageRevision));
    }

    private sealed record FolderPackage(PackageKey Key, int LatestRevision) : IPackage;
}
