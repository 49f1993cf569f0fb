using System.Data.Common;
using Npgsql;
using Porch.Cache.Database;

namespace Porch.Cache.PostgreSql;

/// <summary>
/// The cache database in PostgreSQL, through an <see cref="NpgsqlDataSource"/>: the one registered in DI (owned by the
/// container) or, from a connection string, one this driver creates and disposes. Timestamps are
/// <c>TIMESTAMPTZ</c>; an advisory transaction lock serializes the migrations of replicas starting together. Keeps the
/// change feed replicas follow (<see cref="PostgreSqlChangeFeed"/>) and decides which replica syncs each repository
/// (<see cref="PostgreSqlSyncOwnership"/>).
/// </summary>
internal sealed class PostgreSqlCacheDriver : CacheDatabaseDriver, IAsyncDisposable, IDisposable
{
    /// <summary>The channel of the change feed's announcements (payload: the latest version appended).</summary>
    internal const string ChangeFeedChannel = "porch_package_revision_changes";

    /// <summary>The advisory lock key of the schema migrations (any fixed number; the same in every replica).</summary>
    private const long MigrationLockKey = 7243001;

    /// <summary>The advisory lock key (transaction level) that orders appends to the change feed (see <see cref="ChangeFeedWriter"/>).</summary>
    private const long ChangeFeedLockKey = 7243002;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Uses <paramref name="dataSource"/> (from DI: <c>services.AddNpgsqlDataSource(...)</c>), which stays its owner's to dispose.</summary>
    public PostgreSqlCacheDriver(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgreSqlCacheDriver(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        SyncOwnership = new PostgreSqlSyncOwnership(dataSource);
    }

    public override string Name => "postgresql";

    public override string TimestampType => "TIMESTAMPTZ";

    public override string? MigrationLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    public override IReadOnlyList<string> ChangeFeedStatements =>
    [
        """
        CREATE TABLE porch_change_feed (
            seq BIGSERIAL PRIMARY KEY,
            k8s_name_space TEXT NOT NULL,
            k8s_name TEXT NOT NULL,
            change_type TEXT NOT NULL CHECK (change_type IN ('Added', 'Modified', 'Deleted')),
            object TEXT NOT NULL,
            committed TIMESTAMPTZ NOT NULL)
        """,
        "CREATE TABLE porch_change_feed_trim (id INTEGER PRIMARY KEY CHECK (id = 1), through BIGINT NOT NULL)",
        "INSERT INTO porch_change_feed_trim (id, through) VALUES (1, 0)",
    ];

    public override string? ChangeFeedLock => $"SELECT pg_advisory_xact_lock({ChangeFeedLockKey})";

    /// <summary>Gets a transaction-level advisory lock per repository (two-key form, class 7243004; the key's hash).</summary>
    public override string? RepositoryWriteLock => "SELECT pg_advisory_xact_lock(7243004, hashtext(@key))";

    public override string? ChangeFeedAnnounce => $"SELECT pg_notify('{ChangeFeedChannel}', @seq)";

    /// <summary>Gets the data source (the change feed's listener opens its own connection from it).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Gets the session-level advisory locks that make this replica the syncer of repositories.</summary>
    internal PostgreSqlSyncOwnership SyncOwnership { get; }

    /// <summary>A driver over a data source of its own for <paramref name="connectionString"/> (parsed now; nothing connects until the first use).</summary>
    public static PostgreSqlCacheDriver FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgreSqlCacheDriver(NpgsqlDataSource.Create(connectionString), ownsDataSource: true);
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Claims carry <c>r&lt;key&gt;:</c>, the key of the advisory lock this replica's session holds while it lives.</summary>
    public override async ValueTask<string?> ClaimHolderAsync(CancellationToken cancellationToken) =>
        "r" + (await SyncOwnership.LivenessKeyAsync(cancellationToken).ConfigureAwait(false)).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";

    /// <summary>A claim is free when no session of this database holds the liveness lock its prefix names.</summary>
    public override string? ClaimHolderGone =>
        $"""
        (claim_token LIKE 'r%:%' AND NOT EXISTS (
            SELECT 1 FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.classid = {PostgreSqlSyncOwnership.LivenessClass} AND l.objsubid = 2 AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.objid::text = split_part(substr(claim_token, 2), ':', 1)))
        """;

    public override ValueTask<bool> TryOwnSyncAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        SyncOwnership.TryOwnAsync(@namespace + "/" + name, cancellationToken);

    public override ValueTask ReleaseSyncAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        SyncOwnership.ReleaseAsync(@namespace + "/" + name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await SyncOwnership.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously (the held connection is closed, which frees its locks).</summary>
    public void Dispose()
    {
        SyncOwnership.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }
}
