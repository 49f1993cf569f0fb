using System.Data.Common;
using Microsoft.Data.Sqlite;
using Porch.Cache.Database;

namespace Porch.Cache.Sqlite;

/// <summary>
/// The cache database in a SQLite file: created with its folder on the first connection (never in the constructor),
/// write-ahead logging so readers do not wait for the sync's writes, foreign keys on, pooled connections. SQLite has no
/// time-zone aware type, so timestamps are ISO 8601 text, and its write lock serializes the migrations.
/// </summary>
internal sealed class SqliteCacheDriver : CacheDatabaseDriver
{
    private readonly string _databasePath;
    private string? _connectionString;

    public SqliteCacheDriver(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _databasePath = databasePath;
    }

    public override string Name => "sqlite";

    public override string TimestampType => "TEXT";

    public override IReadOnlyList<string> PrepareStatements { get; } = ["PRAGMA journal_mode=WAL"];

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connectionString is null)
        {
            var path = Path.GetFullPath(_databasePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!); // a full path always has a directory
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                ForeignKeys = true,
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString();
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
