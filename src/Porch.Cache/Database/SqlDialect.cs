namespace Porch.Cache.Database;

/// <summary>The few places where SQLite and PostgreSQL differ; every statement is otherwise shared and parameterized.</summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new("sqlite", "TEXT", migrationLock: null);

    public static readonly SqlDialect PostgreSql = new("postgresql", "TIMESTAMPTZ", migrationLock: "SELECT pg_advisory_xact_lock(7243001)");

    private SqlDialect(string name, string timestampType, string? migrationLock)
    {
        Name = name;
        TimestampType = timestampType;
        MigrationLock = migrationLock;
    }

    public string Name { get; }

    /// <summary>Gets the column type of timestamps (time-zone aware where the database has one, spec section 12 item 15).</summary>
    public string TimestampType { get; }

    /// <summary>Gets a statement that serializes schema migrations between processes inside a transaction, or null when the transaction itself does.</summary>
    public string? MigrationLock { get; }
}
