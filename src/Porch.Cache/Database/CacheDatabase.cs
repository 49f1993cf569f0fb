using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Porch.Cache.Diagnostics;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Cache.Database;

/// <summary>
/// The cache database (SQLite file or PostgreSQL): opens connections and applies the schema migrations once, on first
/// use (never in the constructor). Also holds metadata written for revisions whose row does not exist yet (a create
/// stores metadata before the draft is closed).
/// </summary>
internal sealed class CacheDatabase : IAsyncDisposable
{
    public const string UpdatedBy = "porch";

    private readonly PorchCacheOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private NpgsqlDataSource? _postgres;
    private string? _sqliteConnectionString;
    private volatile bool _initialized;

    public CacheDatabase(IOptions<PorchCacheOptions> options, TimeProvider time, ILogger<CacheDatabase>? logger = null)
    {
        _options = options.Value;
        Time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Dialect = _options.Storage == PackageCacheStorage.PostgreSql ? SqlDialect.PostgreSql : SqlDialect.Sqlite;
    }

    public SqlDialect Dialect { get; }

    public TimeProvider Time { get; }

    public TimeSpan ClaimTimeout => _options.ClaimTimeout;

    /// <summary>Gets the metadata of revisions that have no row yet, keyed by namespace and name.</summary>
    public ConcurrentDictionary<(string Namespace, string Name), ObjectMeta> PendingMetadata { get; } = new();

    /// <summary>Opens a connection, applying migrations first if this process has not yet.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the schema migrations that are missing (serialized between processes).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);

            await using var connectionScope = connection.ConfigureAwait(false);
            if (Dialect == SqlDialect.Sqlite)
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, null, CacheSchema.MigrationsTable(Dialect), cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            if (Dialect.MigrationLock is { } migrationLock)
            {
                await ExecuteAsync(connection, transaction, migrationLock, cancellationToken).ConfigureAwait(false);
            }

            var applied = new HashSet<int>();
            {
                var command = Command(connection, transaction, "SELECT version FROM porch_schema_migrations");
                await using var commandScope = command.ConfigureAwait(false);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            foreach (var (version, description, statements) in CacheSchema.Migrations(Dialect))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                foreach (var statement in statements)
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO porch_schema_migrations (version, description, applied) VALUES (@version, @description, @applied)",
                    cancellationToken,
                    ("@version", version),
                    ("@description", description),
                    ("@applied", Time.GetUtcNow())).ConfigureAwait(false);
                _logger.SchemaMigrated(version, description);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        catch (DbException ex)
        {
            throw new RepositoryUnavailableException($"cannot prepare the {Dialect.Name} cache database: {ex.Message}", ex);
        }
        finally
        {
            _initLock.Release();
        }
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using var commandScope = command.ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using var commandScope = command.ConfigureAwait(false);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static bool ReadBoolean(DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            bool b => b,
            var other => Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture) != 0,
        };

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }

        _initLock.Dispose();
    }

    private async ValueTask<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Dialect == SqlDialect.PostgreSql)
            {
                _postgres ??= NpgsqlDataSource.Create(_options.ConnectionString!); // validated: required for PostgreSql
                return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_sqliteConnectionString is null)
            {
                var path = Path.GetFullPath(_options.DatabasePath!); // validated: required for Sqlite
                Directory.CreateDirectory(Path.GetDirectoryName(path)!); // a full path always has a directory
                _sqliteConnectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = path,
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    ForeignKeys = true,
                    DefaultTimeout = 30,
                    Pooling = true,
                }.ToString();
            }

            var connection = new SqliteConnection(_sqliteConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (DbException ex)
        {
            throw new RepositoryUnavailableException($"cannot open the {Dialect.Name} cache database: {ex.Message}", ex);
        }
    }

    private static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, sql, cancellationToken, []);
}
