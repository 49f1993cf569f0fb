using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>Writes: through the underlying repository, then into the store; updates are claimed in the store first.</summary>
internal sealed partial class CachedRepository
{
    public async Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var draft = await _source.CreatePackageRevisionDraftAsync(packageRevision, cancellationToken).ConfigureAwait(false);
        return new CachedDraft(this, draft, basis: null);
    }

    public async Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var cached = Own(packageRevision);
        var source = await FindSourceAsync(cached, exactVersion: true, cancellationToken).ConfigureAwait(false);
        var draft = await _source.UpdatePackageRevisionAsync(source, cancellationToken).ConfigureAwait(false);
        return new CachedDraft(this, draft, cached);
    }

    /// <summary>
    /// Closes the draft. An update first claims its revision in the store at the resource version it started from, so
    /// of several writers (in this or another process sharing the database) exactly one gets to push; the others fail
    /// with a conflict before touching the repository.
    /// </summary>
    public Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default) =>
        CloseAsync(draft, revision, null, cancellationToken);

    /// <summary>
    /// Closes the draft and stores <paramref name="metadata"/> with the closed revision: in the database store, in the
    /// transaction that records it and replaces the claim; nothing is written when the close fails.
    /// </summary>
    public Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, ObjectMeta metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return CloseAsync(draft, revision, metadata, cancellationToken);
    }

    public Task UpdatePublishedLifecycleAsync(IPackageRevision packageRevision, PackageRevisionLifecycle lifecycle, ObjectMeta metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return UpdatePublishedLifecycleAsync(Own(packageRevision), lifecycle, metadata, cancellationToken);
    }

    private async Task<IPackageRevision> CloseAsync(IPackageRevisionDraft draft, int revision, ObjectMeta? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft is not CachedDraft d || d.Owner != this)
        {
            throw new ArgumentException("The draft was not created by this repository.", nameof(draft));
        }

        string? claim = null;
        if (d.Basis is { } basis)
        {
            claim = Guid.NewGuid().ToString("N");
            if (!await Store.TryClaimAsync(basis, claim, cancellationToken).ConfigureAwait(false))
            {
                throw Conflict(basis.Name);
            }
        }

        try
        {
            // Shared: closes of other revisions go on together (the Git adapter pushes them in one group); a sync waits.
            using (await _gate.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
            {
                var closed = await _source.ClosePackageRevisionDraftAsync(d.Inner, revision, cancellationToken).ConfigureAwait(false);
                var upserts = new List<IPackageRevision> { closed };
                if (closed.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed)
                {
                    // Publishing also moved the registered branch: its placeholder revision of this package changed.
                    var placeholders = await _source.ListPackageRevisionsAsync(
                        new PackageRevisionFilter { PackageName = closed.Key.Package.PackagePath, WorkspaceName = Key.PlaceholderWorkspaceName, Revision = -1 },
                        cancellationToken).ConfigureAwait(false);
                    upserts.AddRange(placeholders);
                }

                await ApplyWithMetadataAsync(upserts, closed.Key.ObjectName, metadata).ConfigureAwait(false);
                claim = null; // the upsert replaced the claim
                return await FindCachedAsync(closed.Key.ObjectName, cancellationToken).ConfigureAwait(false) ?? CachedRevision.FromSource(this, closed);
            }
        }
        catch (PackageRevisionConflictException) when (d.Basis is null)
        {
            // A new revision the repository already has but the cache does not (a replica pushed it and died before
            // recording it, or it was written outside Porch): sync now, so the client's next read finds what the
            // conflict is about. The conflict stands either way.
            await SyncQuietlyAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (claim is not null)
            {
                await Store.ReleaseClaimAsync(d.Basis!, claim, CancellationToken.None).ConfigureAwait(false); // a claim exists only with a basis
            }
        }
    }

    /// <summary>Syncs, leaving an unreachable repository to the next sync (the caller has an error of its own to report).</summary>
    private async Task SyncQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryUnavailableException)
        {
            // the next sync brings it
        }
    }

    public async Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var cached = Own(packageRevision);
        using (await _gate.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            var source = await FindSourceAsync(cached, exactVersion: false, cancellationToken).ConfigureAwait(false);
            await _source.DeletePackageRevisionAsync(source, cancellationToken).ConfigureAwait(false);
            await Store.ApplyAsync([], [cached], null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Published ↔ DeletionProposed of a cached revision: changed in the repository, then re-read into the store.</summary>
    public Task UpdatePublishedLifecycleAsync(CachedRevision cached, PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken) =>
        UpdatePublishedLifecycleAsync(cached, lifecycle, null, cancellationToken);

    private async Task UpdatePublishedLifecycleAsync(CachedRevision cached, PackageRevisionLifecycle lifecycle, ObjectMeta? metadata, CancellationToken cancellationToken)
    {
        using (await _gate.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            var source = await FindSourceAsync(cached, exactVersion: false, cancellationToken).ConfigureAwait(false);
            await source.UpdateLifecycleAsync(lifecycle, cancellationToken).ConfigureAwait(false);
            var updated = await _source.ListPackageRevisionsAsync(
                new PackageRevisionFilter { PackageName = cached.Key.Package.PackagePath, WorkspaceName = cached.Key.WorkspaceName },
                cancellationToken).ConfigureAwait(false);
            await ApplyWithMetadataAsync([.. updated.Where(r => r.Key.ObjectName == cached.Name)], cached.Name, metadata).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores a change the repository already made (not cancellable: the repository has it), with the revision's new
    /// metadata: in the same transaction in the database store; in the metadata store right after for the memory store.
    /// </summary>
    private async Task ApplyWithMetadataAsync(List<IPackageRevision> upserts, string name, ObjectMeta? metadata)
    {
        var given = metadata is null ? null : new Dictionary<string, ObjectMeta>(StringComparer.Ordinal) { [name] = metadata };
        await Store.ApplyAsync(upserts, [], given, CancellationToken.None).ConfigureAwait(false);
        if (metadata is not null && !Store.StoresMetadata)
        {
            await _metadata.SetAsync(Key.Namespace, name, metadata, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<CachedRevision?> FindCachedAsync(string name, CancellationToken cancellationToken)
    {
        var found = await Store.ListAsync(new PackageRevisionFilter { Name = name }, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>
    /// The underlying repository's revision behind a cached one. When it is missing or (for updates) at another version,
    /// the repository is refreshed once if its version moved, since the cache may have been synced by another process.
    /// </summary>
    private async Task<IPackageRevision> FindSourceAsync(CachedRevision cached, bool exactVersion, CancellationToken cancellationToken)
    {
        var filter = new PackageRevisionFilter { PackageName = cached.Key.Package.PackagePath, WorkspaceName = cached.Key.WorkspaceName };
        IPackageRevision? found = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // The version the source was refreshed to before this listing: another caller may refresh while we list.
            var listedAt = Volatile.Read(ref _sourceVersion);
            var candidates = await _source.ListPackageRevisionsAsync(filter, cancellationToken).ConfigureAwait(false);
            found = candidates.FirstOrDefault(r => r.Key.ObjectName == cached.Name);
            if (found is not null && (!exactVersion || string.Equals(found.ResourceVersion, cached.ResourceVersion, StringComparison.Ordinal)))
            {
                return found;
            }

            var version = await _source.VersionAsync(cancellationToken).ConfigureAwait(false);
            if (string.Equals(version, listedAt, StringComparison.Ordinal))
            {
                break; // the listing already showed the repository at its current version
            }

            await _source.RefreshAsync(cancellationToken).ConfigureAwait(false);
            _sourceVersion = version;
        }

        if (found is null)
        {
            throw new PackageRevisionNotFoundException($"packagerevisions.porch.kpt.dev \"{cached.Name}\" not found", cached.Key);
        }

        if (exactVersion)
        {
            // The repository has a newer revision than the cache (a replica pushed it and died before recording it, or
            // a change outside Porch): sync now, so the client's next read gets the version the conflict is about. Only
            // on the update path, which does not hold the gate the sync takes.
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }

        throw Conflict(cached.Name);
    }

    private CachedRevision Own(IPackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return packageRevision is CachedRevision cached && cached.Owner == this
            ? cached
            : throw new ArgumentException("The package revision does not belong to this repository.", nameof(packageRevision));
    }
}
