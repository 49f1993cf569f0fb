using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Cache.Diagnostics;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Cache.Database;

/// <summary>
/// The cache database, whichever driver serves it (<see cref="CacheDatabaseDriver"/>: SQLite file or PostgreSQL): opens
/// connections and applies the schema migrations once, on first use (never in the constructor). Also holds metadata
/// written for revisions whose row does not exist yet (a create stores metadata before the draft is closed).
/// </summary>
internal sealed class CacheDatabase : IDisposable
{
    public const string UpdatedBy = "porch";

    private readonly PorchCacheOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public CacheDatabase(CacheDatabaseDriver driver, IOptions<PorchCacheOptions> options, TimeProvider time, ILogger<CacheDatabase>? logger = null)
    {
        Driver = driver;
        _options = options.Value;
        Time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the driver: the connections and the few facts in which databases differ.</summary>
    public CacheDatabaseDriver Driver { get; }

    public TimeProvider Time { get; }

    public TimeSpan ClaimTimeout => _options.ClaimTimeout;

    /// <summary>Gets how many changes the change feed keeps.</summary>
    public int ChangeFeedCapacity => _options.ChangeFeedCapacity;

    /// <summary>Gets the repositories attached to the database in this process, keyed by namespace and name (the feed's objects need them).</summary>
    public ConcurrentDictionary<(string Namespace, string Name), Internal.CachedRepository> Attached { get; } = new();

    /// <summary>Gets the files of revisions by resource version, as this process read or wrote them.</summary>
    public ResourceCache Resources { get; } = new(ResourceCacheCapacity);

    /// <summary>How many revisions' files <see cref="Resources"/> keeps before it starts empty again.</summary>
    internal const int ResourceCacheCapacity = 4096;

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
            foreach (var statement in Driver.PrepareStatements)
            {
                await ExecuteAsync(connection, null, statement, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, null, CacheSchema.MigrationsTable(Driver), cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            if (Driver.MigrationLock is { } migrationLock)
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

            foreach (var (version, description, statements) in CacheSchema.Migrations(Driver))
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
            throw new RepositoryUnavailableException($"cannot prepare the {Driver.Name} cache database: {ex.Message}", ex);
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

    /// <summary>Releases the initialization lock; the driver, and any data source it was given, belong to the container.</summary>
    public void Dispose() => _initLock.Dispose();

    private async ValueTask<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Driver.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new RepositoryUnavailableException($"cannot open the {Driver.Name} cache database: {ex.Message}", ex);
        }
    }

    private static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, sql, cancellationToken, []);
}
