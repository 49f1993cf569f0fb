using System.Data.Common;
using Npgsql;
using Porch.Cache.Database;

namespace Porch.Cache.PostgreSql;

/// <summary>
/// The cache database in PostgreSQL, through an <see cref="NpgsqlDataSource"/>: the one registered in DI (owned by the
/// container) or, from a connection string, one this driver creates and disposes. Timestamps are
/// <c>TIMESTAMPTZ</c>; an advisory transaction lock serializes the migrations of replicas starting together.
/// </summary>
internal sealed class PostgreSqlCacheDriver : CacheDatabaseDriver, IAsyncDisposable, IDisposable
{
    /// <summary>The advisory lock key of the schema migrations (any fixed number; the same in every replica).</summary>
    private const long MigrationLockKey = 7243001;

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
    }

    public override string Name => "postgresql";

    public override string TimestampType => "TIMESTAMPTZ";

    public override string? MigrationLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    /// <summary>A driver over a data source of its own for <paramref name="connectionString"/> (parsed now; nothing connects until the first use).</summary>
    public static PostgreSqlCacheDriver FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgreSqlCacheDriver(NpgsqlDataSource.Create(connectionString), ownsDataSource: true);
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }
}
