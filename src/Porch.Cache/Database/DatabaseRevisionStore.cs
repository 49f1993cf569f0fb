using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Porch.Cache.Internal;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Porch.Cache.Database;

/// <summary>
/// The database cache of one repository (Porch's DB cache): rows in <c>package_revisions</c> with their files in
/// <c>resources</c>, the <c>latest</c> flag maintained on every write, and update claims checked by the database
/// (<c>UPDATE ... WHERE resource_version = @expected</c>), so engines sharing the database never both win.
/// </summary>
internal sealed class DatabaseRevisionStore : IRevisionStore
{
    private const string Columns =
        "k8s_name, package_path, workspace_name, revision, lifecycle, resource_version, tasks, ext_pr_id, published_by, published_at, latest";

    /// <summary>How many files one INSERT statement writes.</summary>
    private const int InsertBatch = 100;

    /// <summary>Stands for "no row" among the resource versions a sync saw.</summary>
    private const string Absent = "\0absent";

    private readonly CacheDatabase _db;
    private readonly CachedRepository _owner;
    private readonly RepositoryKey _key;

    public DatabaseRevisionStore(CacheDatabase db, CachedRepository owner)
    {
        _db = db;
        _owner = owner;
        _key = owner.Key;
    }

    public string StorageName => _db.Driver.Name;

    /// <summary>Creates or refreshes the repository's row (a changed directory or branch drops what was cached for the old one).</summary>
    public async Task AttachAsync(Repository repositoryObject, CancellationToken cancellationToken)
    {
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var stale = false;
        {
            var command = CacheDatabase.Command(connection, transaction,
                "SELECT directory, default_ws_name FROM repositories WHERE k8s_name_space = @ns AND k8s_name = @name",
                ("@ns", _key.Namespace), ("@name", _key.Name));
            await using var commandScope = command.ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            stale = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) &&
                (reader.GetString(0) != _key.Path || reader.GetString(1) != _key.PlaceholderWorkspaceName);
        }

        if (stale)
        {
            await CacheDatabase.ExecuteAsync(connection, transaction,
                "DELETE FROM repositories WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
                ("@ns", _key.Namespace), ("@name", _key.Name)).ConfigureAwait(false);
        }

        await CacheDatabase.ExecuteAsync(connection, transaction,
            """
            INSERT INTO repositories (k8s_name_space, k8s_name, directory, default_ws_name, meta, spec, updated, updatedby, deployment)
            VALUES (@ns, @name, @directory, @branch, @meta, @spec, @updated, @updatedby, @deployment)
            ON CONFLICT (k8s_name_space, k8s_name) DO UPDATE SET
                meta = excluded.meta, spec = excluded.spec, updated = excluded.updated, updatedby = excluded.updatedby, deployment = excluded.deployment
            """,
            cancellationToken,
            ("@ns", _key.Namespace),
            ("@name", _key.Name),
            ("@directory", _key.Path),
            ("@branch", _key.PlaceholderWorkspaceName),
            ("@meta", MetadataJson.Serialize(repositoryObject.Metadata)),
            ("@spec", JsonSerializer.Serialize(repositoryObject.Spec, PorchJsonContext.Default.RepositorySpec)),
            ("@updated", _db.Time.GetUtcNow()),
            ("@updatedby", CacheDatabase.UpdatedBy),
            ("@deployment", repositoryObject.Spec.Deployment)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _db.Attached[(_key.Namespace, _key.Name)] = _owner;
    }

    public bool StoresMetadata => true;

    public async ValueTask<string?> GetSyncedVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return (string?)await CacheDatabase.ScalarAsync(connection, null,
            "SELECT synced_version FROM repositories WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
            ("@ns", _key.Namespace), ("@name", _key.Name)).ConfigureAwait(false);
    }

    public async ValueTask SetSyncedVersionAsync(string version, CancellationToken cancellationToken)
    {
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        await CacheDatabase.ExecuteAsync(connection, null,
            "UPDATE repositories SET synced_version = @version, updated = @updated WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
            ("@version", version), ("@updated", _db.Time.GetUtcNow()), ("@ns", _key.Namespace), ("@name", _key.Name)).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<CachedRevision>> ListAsync(PackageRevisionFilter filter, CancellationToken cancellationToken)
    {
        if ((filter.Namespace is not null && filter.Namespace != _key.Namespace) || (filter.Repository is not null && filter.Repository != _key.Name))
        {
            return [];
        }

        var sql = new System.Text.StringBuilder("SELECT ").Append(Columns).Append(filter.Labels is null ? ", NULL" : ", meta")
            .Append(" FROM package_revisions WHERE k8s_name_space = @ns AND repo_k8s_name = @repo");
        var parameters = new List<(string, object?)> { ("@ns", _key.Namespace), ("@repo", _key.Name) };
        if (filter.Name is not null)
        {
            sql.Append(" AND k8s_name = @name");
            parameters.Add(("@name", filter.Name));
        }

        if (filter.PackageName is not null)
        {
            sql.Append(" AND package_path = @path");
            parameters.Add(("@path", filter.PackageName.Trim('/')));
        }

        if (filter.WorkspaceName is not null)
        {
            sql.Append(" AND workspace_name = @workspace");
            parameters.Add(("@workspace", filter.WorkspaceName));
        }

        if (filter.Revision is not null)
        {
            sql.Append(" AND revision = @revision");
            parameters.Add(("@revision", filter.Revision.Value));
        }

        var result = new List<CachedRevision>();
        var packageKeys = new Dictionary<string, PackageKey>(StringComparer.Ordinal);
        var labelMatching = filter.Labels is { } selector ? new LabelMatching(selector) : null;
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = CacheDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var lifecycle = Enum.Parse<PackageRevisionLifecycle>(reader.GetString(4));
            if (!filter.MatchesLifecycle(lifecycle))
            {
                continue;
            }

            var name = reader.GetString(0);
            var path = reader.GetString(1);
            if (!packageKeys.TryGetValue(path, out var packageKey))
            {
                packageKey = PackageKey.FromPackageName(_key, path);
                packageKeys[path] = packageKey;
            }

            var key = new PackageRevisionKey(packageKey, Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture), reader.GetString(2));
            if (labelMatching is not null)
            {
                var meta = reader.IsDBNull(11) ? null : MetadataJson.Deserialize(reader.GetString(11));
                if (!labelMatching.Matches(meta?.Labels, CacheDatabase.ReadBoolean(reader, 10)))
                {
                    continue;
                }
            }

            var publishInfo = new PublishInfo(
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
            var resourceVersion = reader.GetString(5);
            result.Add(CachedRevision.FromRow(_owner, key, lifecycle, resourceVersion, publishInfo, reader.GetString(6), reader.GetString(7),
                ct => LoadResourcesAsync(name, resourceVersion, ct)));
        }

        return result;
    }

    public async ValueTask ApplyAsync(
        IReadOnlyList<IPackageRevision> upserts,
        IReadOnlyList<CachedRevision> deletes,
        IReadOnlyDictionary<string, ObjectMeta>? metadata,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? seen = null)
    {
        // Files are read from the repository before the transaction, so it stays short.
        var files = new List<IReadOnlyDictionary<string, string>>(upserts.Count);
        foreach (var upsert in upserts)
        {
            files.Add(await upsert.GetResourcesAsync(cancellationToken).ConfigureAwait(false));
        }

        var stored = files.ConvertAll(Storable);

        // With a change feed, a deleted revision is announced as it was (its stored metadata included), read before the
        // transaction while its row still exists.
        var feed = ChangeFeedWriter.Enabled(_db);
        var gone = new List<PackageRevision?>(deletes.Count);
        foreach (var deleted in deletes)
        {
            var meta = feed ? await ReadMetaAsync(deleted.Name, cancellationToken).ConfigureAwait(false) : null;
            gone.Add(feed ? await PackageRevisionApi.ToApiAsync(_owner.RepositoryObject, deleted, false, meta, cancellationToken).ConfigureAwait(false) : null);
        }

        var now = _db.Time.GetUtcNow();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<(PackageRevisionChangeType, PackageRevision)>();
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        if (_db.Driver.RepositoryWriteLock is { } writeLock)
        {
            // Writers of one repository's rows (closes, syncs, deletes, in any replica) take turns: their upserts and the
            // latest-flag update touch overlapping rows in different orders, which would otherwise deadlock.
            await CacheDatabase.ExecuteAsync(connection, transaction, writeLock, cancellationToken,
                ("@key", _key.Namespace + "/" + _key.Name)).ConfigureAwait(false);
        }

        var applied = new List<(int Index, bool Added)>(upserts.Count);
        for (var i = 0; i < upserts.Count; i++)
        {
            var given = metadata is not null && metadata.TryGetValue(upserts[i].Key.ObjectName, out var m) ? m : null;
            var expected = seen is null ? null : (seen.TryGetValue(upserts[i].Key.ObjectName, out var rv) ? rv : Absent);
            if (await UpsertAsync(connection, transaction, upserts[i], stored[i], given, expected, now, cancellationToken).ConfigureAwait(false) is { } added)
            {
                applied.Add((i, added));
                touched.Add(upserts[i].Key.Package.ObjectName);
            }
        }

        for (var i = 0; i < deletes.Count; i++)
        {
            var deleted = deletes[i];
            var rows = await CacheDatabase.ExecuteAsync(connection, transaction,
                seen is null
                    ? "DELETE FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name"
                    : "DELETE FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name AND resource_version = @rv",
                cancellationToken,
                ("@ns", _key.Namespace), ("@name", deleted.Name), ("@rv", deleted.ResourceVersion)).ConfigureAwait(false);
            if (rows > 0)
            {
                touched.Add(deleted.Key.Package.ObjectName);
                if (gone[i] is { } api)
                {
                    changes.Add((PackageRevisionChangeType.Deleted, api));
                }
            }
        }

        foreach (var package in touched)
        {
            await UpdateLatestAsync(connection, transaction, package, cancellationToken).ConfigureAwait(false);
        }

        if (feed)
        {
            foreach (var (i, added) in applied)
            {
                var api = await ToApiAsync(connection, transaction, upserts[i], files[i], cancellationToken).ConfigureAwait(false);
                changes.Add((added ? PackageRevisionChangeType.Added : PackageRevisionChangeType.Modified, api));
            }

            await ChangeFeedWriter.AppendAsync(_db, connection, transaction, changes, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var upsert in upserts)
        {
            _db.PendingMetadata.TryRemove((_key.Namespace, upsert.Key.ObjectName), out _);
        }

        foreach (var (i, _) in applied)
        {
            // What the rows now hold, as a read would find it.
            _db.Resources.Add(_key.Namespace, upserts[i].Key.ObjectName, upserts[i].ResourceVersion, stored[i]);
        }
    }

    public async ValueTask<bool> TryClaimAsync(CachedRevision revision, string token, CancellationToken cancellationToken)
    {
        var now = _db.Time.GetUtcNow();
        var holder = await _db.Driver.ClaimHolderAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);

        // A claim is free when nobody holds it, when it expired, or (several processes) when the process that made it is gone.
        var free = _db.Driver.ClaimHolderGone is { } gone ? $"claim_token IS NULL OR claim_expires < @now OR {gone}" : "claim_token IS NULL OR claim_expires < @now";
        var rows = await CacheDatabase.ExecuteAsync(connection, null,
            $"""
            UPDATE package_revisions SET claim_token = @token, claim_expires = @until
            WHERE k8s_name_space = @ns AND k8s_name = @name AND resource_version = @expected
              AND ({free})
            """,
            cancellationToken,
            ("@token", holder + token),
            ("@until", now + _db.ClaimTimeout),
            ("@ns", _key.Namespace),
            ("@name", revision.Name),
            ("@expected", revision.ResourceVersion),
            ("@now", now)).ConfigureAwait(false);
        return rows == 1;
    }

    public async ValueTask ReleaseClaimAsync(CachedRevision revision, string token, CancellationToken cancellationToken)
    {
        // Matched by what follows the holder's prefix (the prefix changes when this process's session was renewed meanwhile).
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        await CacheDatabase.ExecuteAsync(connection, null,
            "UPDATE package_revisions SET claim_token = NULL, claim_expires = NULL WHERE k8s_name_space = @ns AND k8s_name = @name AND (claim_token = @token OR claim_token LIKE @suffix)",
            cancellationToken, ("@ns", _key.Namespace), ("@name", revision.Name), ("@token", token), ("@suffix", "%:" + token)).ConfigureAwait(false);
    }

    public async ValueTask RemoveAllAsync(CancellationToken cancellationToken)
    {
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        await CacheDatabase.ExecuteAsync(connection, null,
            "DELETE FROM repositories WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
            ("@ns", _key.Namespace), ("@name", _key.Name)).ConfigureAwait(false);
        _db.Attached.TryRemove(new KeyValuePair<(string, string), CachedRepository>((_key.Namespace, _key.Name), _owner));
    }

    /// <summary>
    /// The files of the revision listed at <paramref name="resourceVersion"/>: from the database's resource cache, else read
    /// with the row's resource version in the same statement (one snapshot), and kept under the version they belong to
    /// (a writer may have moved the row on since it was listed).
    /// </summary>
    private async ValueTask<IReadOnlyDictionary<string, string>> LoadResourcesAsync(string name, string resourceVersion, CancellationToken cancellationToken)
    {
        if (_db.Resources.TryGet(_key.Namespace, name, resourceVersion, out var cached))
        {
            return cached;
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = CacheDatabase.Command(connection, null,
            """
            SELECT p.resource_version, r.resource_key, r.resource_value FROM package_revisions p
            LEFT JOIN resources r ON r.k8s_name_space = p.k8s_name_space AND r.k8s_name = p.k8s_name
            WHERE p.k8s_name_space = @ns AND p.k8s_name = @name
            """,
            ("@ns", _key.Namespace), ("@name", name));
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            current = reader.GetString(0);
            if (!reader.IsDBNull(1))
            {
                files[reader.GetString(1)] = reader.GetString(2);
            }
        }

        if (current is not null)
        {
            _db.Resources.Add(_key.Namespace, name, current, files);
        }

        return files;
    }

    /// <summary>
    /// The API object of a revision just upserted, as a list would show it once the transaction commits: its stored
    /// metadata and latest flag are read inside the transaction.
    /// </summary>
    internal async Task<PackageRevision> ToApiAsync(DbConnection connection, DbTransaction transaction, IPackageRevision revision, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        ObjectMeta? meta = null;
        var latest = false;
        {
            var command = CacheDatabase.Command(connection, transaction,
                "SELECT meta, latest FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name",
                ("@ns", _key.Namespace), ("@name", revision.Key.ObjectName));
            await using var commandScope = command.ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                meta = reader.IsDBNull(0) ? null : MetadataJson.Deserialize(reader.GetString(0));
                latest = CacheDatabase.ReadBoolean(reader, 1);
            }
        }

        var cached = CachedRevision.FromRow(_owner, revision.Key, revision.Lifecycle, revision.ResourceVersion, revision.PublishInfo,
            JsonSerializer.Serialize(revision.Tasks.ToList(), PorchJsonContext.Default.ListTaskSpec),
            JsonSerializer.Serialize(revision.Lock, PorchJsonContext.Default.Locator),
            _ => ValueTask.FromResult(files));
        return await PackageRevisionApi.ToApiAsync(_owner.RepositoryObject, cached, latest, meta, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row's resource version, lifecycle, revision number and metadata text (all null when there is no row).</summary>
    private async Task<(string? ResourceVersion, string? Lifecycle, int Revision, string? Meta)> ReadRowAsync(
        DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var command = CacheDatabase.Command(connection, transaction,
            "SELECT resource_version, lifecycle, revision, meta FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name",
            ("@ns", _key.Namespace), ("@name", name));
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (null, null, 0, null);
        }

        return (
            reader.GetString(0),
            reader.GetString(1),
            Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    private async Task<ObjectMeta?> ReadMetaAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var json = (string?)await CacheDatabase.ScalarAsync(connection, null,
            "SELECT meta FROM package_revisions WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
            ("@ns", _key.Namespace), ("@name", name)).ConfigureAwait(false);
        return MetadataJson.Deserialize(json);
    }

    /// <summary>
    /// Inserts or replaces one revision row and its files (those it can store, see <see cref="Storable"/>); true when the
    /// row is new, false when it replaced one, null when skipped: with <paramref name="expected"/> (a sync), the row must
    /// still have the resource version the sync compared against (<see cref="Absent"/>: no row), else another writer
    /// changed it since and the sync's view is stale.
    /// </summary>
    private async Task<bool?> UpsertAsync(
        DbConnection connection,
        DbTransaction transaction,
        IPackageRevision revision,
        IReadOnlyDictionary<string, string> files,
        ObjectMeta? metadata,
        string? expected,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var key = revision.Key;
        var name = key.ObjectName;
        var packageName = key.Package.ObjectName;
        await CacheDatabase.ExecuteAsync(connection, transaction,
            """
            INSERT INTO packages (k8s_name_space, k8s_name, repo_k8s_name, package_path, meta, spec, updated, updatedby)
            VALUES (@ns, @name, @repo, @path, '{}', '{}', @updated, @updatedby)
            ON CONFLICT (k8s_name_space, k8s_name) DO NOTHING
            """,
            cancellationToken,
            ("@ns", _key.Namespace), ("@name", packageName), ("@repo", _key.Name), ("@path", key.Package.Path),
            ("@updated", now), ("@updatedby", CacheDatabase.UpdatedBy)).ConfigureAwait(false);
        var (previous, previousLifecycle, previousRevision, previousMeta) = await ReadRowAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false);
        if (expected is not null && !string.Equals(previous ?? Absent, expected, StringComparison.Ordinal))
        {
            return null;
        }

        // The metadata given with the close wins over any left pending by an earlier metadata-store write.
        var meta = metadata ?? (_db.PendingMetadata.TryGetValue((_key.Namespace, name), out var pending) ? pending : null);
        var metaText = meta is null ? null : MetadataJson.Serialize(meta);
        if (previous is not null
            && string.Equals(previous, revision.ResourceVersion, StringComparison.Ordinal)
            && string.Equals(previousLifecycle, revision.Lifecycle.ToString(), StringComparison.Ordinal)
            && previousRevision == key.Revision
            && (metaText is null || string.Equals(metaText, previousMeta, StringComparison.Ordinal)))
        {
            // The row already says this (another replica's sync recorded the change first): nothing changed, so nothing
            // is announced. A close still gives up its claim; a sync leaves a claim alone (its holder is mid-change).
            if (expected is null)
            {
                await CacheDatabase.ExecuteAsync(connection, transaction,
                    "UPDATE package_revisions SET claim_token = NULL, claim_expires = NULL WHERE k8s_name_space = @ns AND k8s_name = @name AND claim_token IS NOT NULL",
                    cancellationToken, ("@ns", _key.Namespace), ("@name", name)).ConfigureAwait(false);
            }

            return null;
        }

        await CacheDatabase.ExecuteAsync(connection, transaction,
            """
            INSERT INTO package_revisions (k8s_name_space, k8s_name, package_k8s_name, repo_k8s_name, package_path, workspace_name, revision,
                lifecycle, resource_version, ext_pr_id, tasks, published_by, published_at, updated, updatedby)
            VALUES (@ns, @name, @package, @repo, @path, @workspace, @revision, @lifecycle, @rv, @lock, @tasks, @publishedBy, @publishedAt, @updated, @updatedby)
            ON CONFLICT (k8s_name_space, k8s_name) DO UPDATE SET
                revision = excluded.revision, lifecycle = excluded.lifecycle, resource_version = excluded.resource_version,
                ext_pr_id = excluded.ext_pr_id, tasks = excluded.tasks, published_by = excluded.published_by,
                published_at = excluded.published_at, claim_token = NULL, claim_expires = NULL,
                updated = excluded.updated, updatedby = excluded.updatedby
            """,
            cancellationToken,
            ("@ns", _key.Namespace),
            ("@name", name),
            ("@package", packageName),
            ("@repo", _key.Name),
            ("@path", key.Package.PackagePath),
            ("@workspace", key.WorkspaceName),
            ("@revision", key.Revision),
            ("@lifecycle", revision.Lifecycle.ToString()),
            ("@rv", revision.ResourceVersion),
            ("@lock", JsonSerializer.Serialize(revision.Lock, PorchJsonContext.Default.Locator)),
            ("@tasks", JsonSerializer.Serialize(revision.Tasks.ToList(), PorchJsonContext.Default.ListTaskSpec)),
            ("@publishedBy", revision.PublishInfo.PublishedBy),
            ("@publishedAt", revision.PublishInfo.PublishedAt?.ToUniversalTime()),
            ("@updated", now),
            ("@updatedby", CacheDatabase.UpdatedBy)).ConfigureAwait(false);
        if (metaText is not null)
        {
            await CacheDatabase.ExecuteAsync(connection, transaction,
                "UPDATE package_revisions SET meta = @meta WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
                ("@meta", metaText), ("@ns", _key.Namespace), ("@name", name)).ConfigureAwait(false);
        }

        if (string.Equals(previous, revision.ResourceVersion, StringComparison.Ordinal))
        {
            return false;
        }

        await CacheDatabase.ExecuteAsync(connection, transaction,
            "DELETE FROM resources WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken,
            ("@ns", _key.Namespace), ("@name", name)).ConfigureAwait(false);
        // In statements of up to InsertBatch rows each.
        var rows = files.ToList();
        for (var start = 0; start < rows.Count; start += InsertBatch)
        {
            var count = Math.Min(InsertBatch, rows.Count - start);
            var sql = new System.Text.StringBuilder("INSERT INTO resources (k8s_name_space, k8s_name, revision, resource_key, resource_value) VALUES ");
            var parameters = new (string, object?)[3 + (2 * count)];
            parameters[0] = ("@ns", _key.Namespace);
            parameters[1] = ("@name", name);
            parameters[2] = ("@revision", key.Revision);
            for (var i = 0; i < count; i++)
            {
                var at = i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append("(@ns, @name, @revision, @k").Append(at).Append(", @v").Append(at).Append(')');
                parameters[3 + (2 * i)] = ("@k" + at, rows[start + i].Key);
                parameters[4 + (2 * i)] = ("@v" + at, rows[start + i].Value);
            }

            await CacheDatabase.ExecuteAsync(connection, transaction, sql.ToString(), cancellationToken, parameters).ConfigureAwait(false);
        }

        return previous is null;
    }

    /// <summary>
    /// A copy of the files a revision's rows store. As Porch's DB cache: text with NUL cannot be stored (PostgreSQL
    /// rejects it) and is skipped.
    /// </summary>
    private static IReadOnlyDictionary<string, string> Storable(IReadOnlyDictionary<string, string> files)
    {
        var stored = new Dictionary<string, string>(files.Count, StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            if (!text.Contains('\0', StringComparison.Ordinal))
            {
                stored[path] = text;
            }
        }

        return stored;
    }

    /// <summary>The highest published revision (greater than 0) of the package is flagged latest; every other loses the flag.</summary>
    private async Task UpdateLatestAsync(DbConnection connection, DbTransaction transaction, string packageName, CancellationToken cancellationToken)
    {
        await CacheDatabase.ExecuteAsync(connection, transaction,
            """
            UPDATE package_revisions SET latest = (
                lifecycle IN ('Published', 'DeletionProposed') AND revision > 0 AND revision = COALESCE((
                    SELECT MAX(r.revision) FROM package_revisions r
                    WHERE r.k8s_name_space = @ns AND r.package_k8s_name = @package
                      AND r.lifecycle IN ('Published', 'DeletionProposed') AND r.revision > 0), 0))
            WHERE k8s_name_space = @ns AND package_k8s_name = @package
            """,
            cancellationToken, ("@ns", _key.Namespace), ("@package", packageName)).ConfigureAwait(false);
        await CacheDatabase.ExecuteAsync(connection, transaction,
            """
            DELETE FROM packages WHERE k8s_name_space = @ns AND k8s_name = @package
              AND NOT EXISTS (SELECT 1 FROM package_revisions r WHERE r.k8s_name_space = @ns AND r.package_k8s_name = @package)
            """,
            cancellationToken, ("@ns", _key.Namespace), ("@package", packageName)).ConfigureAwait(false);
    }
}
