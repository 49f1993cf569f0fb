using Porch.Cache.Internal;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Porch.Cache.Database;

/// <summary>
/// Metadata in the <c>meta</c> JSON column of <c>package_revisions</c> (spec fact 15), so it survives restarts and is
/// shared by engines on one database. Metadata written before its row exists (a create) waits in memory and is
/// written with the row.
/// </summary>
internal sealed class DatabaseMetadataStore(CacheDatabase db) : IPackageRevisionMetadataStore
{
    public async ValueTask<ObjectMeta?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        if (db.PendingMetadata.TryGetValue((@namespace, name), out var pending))
        {
            return MetadataJson.Clone(pending);
        }

        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);

        await using var connectionScope = connection.ConfigureAwait(false);
        var json = (string?)await CacheDatabase.ScalarAsync(connection, null,
            "SELECT meta FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
            ("@ns", @namespace), ("@name", name)).ConfigureAwait(false);
        return MetadataJson.Deserialize(json);
    }

    /// <summary>How often a metadata write starts again because the revision changed between its read and its write.</summary>
    internal const int SnapshotAttempts = 16;

    /// <summary>Runs between the read of the revision a metadata write announces and the write's transaction (tests: a change in between).</summary>
    internal Func<CancellationToken, Task>? AfterRevisionRead { get; set; }

    public async ValueTask SetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        for (var attempt = 1; ; attempt++)
        {
            if (await TrySetAsync(@namespace, name, metadata, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (attempt == SnapshotAttempts)
            {
                throw new PackageRevisionConflictException(
                    $"Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"{name}\": the object has been modified; please apply your changes to the latest version and try again")
                {
                    StaleResourceVersion = true,
                };
            }
        }
    }

    /// <summary>
    /// One attempt of <see cref="SetAsync"/>; false (nothing written) when the revision the event would carry is no
    /// longer the row's: another writer changed it after it was read, and announcing the older state would show
    /// watchers a revision going back (a Proposed after its Published).
    /// </summary>
    private async Task<bool> TrySetAsync(string @namespace, string name, ObjectMeta metadata, CancellationToken cancellationToken)
    {
        // With a change feed, a metadata-only change (labels, annotations, finalizers, a deletion timestamp) is a
        // Modified of the revision: its row and files are read first, so the transaction below holds one connection.
        var (store, revision, files) = ChangeFeedWriter.Enabled(db)
            ? await FindRevisionAsync(@namespace, name, cancellationToken).ConfigureAwait(false)
            : default;
        if (AfterRevisionRead is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        // A write of the metadata the row already has changes nothing and is not announced (a no-op update, as the
        // Kubernetes API server treats one).
        var text = MetadataJson.Serialize(metadata);
        var rows = await CacheDatabase.ExecuteAsync(connection, transaction,
            "UPDATE package_revisions SET meta = @meta WHERE k8s_name_space = @ns AND k8s_name = @name AND (meta IS NULL OR meta <> @meta)", cancellationToken,
            ("@meta", text), ("@ns", @namespace), ("@name", name)).ConfigureAwait(false);
        if (rows == 0)
        {
            rows = Convert.ToInt32(await CacheDatabase.ScalarAsync(connection, transaction,
                "SELECT COUNT(*) FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
                ("@ns", @namespace), ("@name", name)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            store = null; // the row exists (or not) unchanged: nothing to announce
        }

        if (rows > 0 && store is not null)
        {
            // The update holds the row until the commit: the row read now is what the event must carry.
            var current = (string?)await CacheDatabase.ScalarAsync(connection, transaction,
                "SELECT resource_version || ' ' || lifecycle FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
                ("@ns", @namespace), ("@name", name)).ConfigureAwait(false);
            if (!string.Equals(current, revision!.ResourceVersion + " " + revision.Lifecycle, StringComparison.Ordinal))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            var api = await store.ToApiAsync(connection, transaction, revision, files!, cancellationToken).ConfigureAwait(false);
            await ChangeFeedWriter.AppendAsync(db, connection, transaction, [(PackageRevisionChangeType.Modified, api)], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (rows == 0)
        {
            db.PendingMetadata[(@namespace, name)] = MetadataJson.Clone(metadata);
        }
        else
        {
            db.PendingMetadata.TryRemove((@namespace, name), out _);
        }

        return true;
    }

    /// <summary>The database store, cached row and files of a revision of a repository attached in this process, or nothing.</summary>
    private async Task<(DatabaseRevisionStore? Store, CachedRevision? Revision, IReadOnlyDictionary<string, string>? Files)> FindRevisionAsync(
        string @namespace, string name, CancellationToken cancellationToken)
    {
        string? repository;
        {
            var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            repository = (string?)await CacheDatabase.ScalarAsync(connection, null,
                "SELECT repo_k8s_name FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
                ("@ns", @namespace), ("@name", name)).ConfigureAwait(false);
        }

        if (repository is null || !db.Attached.TryGetValue((@namespace, repository), out var owner) || owner.Store is not DatabaseRevisionStore store)
        {
            return default;
        }

        var found = await store.ListAsync(new PackageRevisionFilter { Name = name }, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return default;
        }

        return (store, found[0], await found[0].GetResourcesAsync(cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var removed = db.PendingMetadata.TryRemove((@namespace, name), out _);
        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var rows = await CacheDatabase.ExecuteAsync(connection, null,
            "UPDATE package_revisions SET meta = NULL WHERE k8s_name_space = @ns AND k8s_name = @name AND meta IS NOT NULL", cancellationToken,
            ("@ns", @namespace), ("@name", name)).ConfigureAwait(false);
        return removed || rows > 0;
    }
}
