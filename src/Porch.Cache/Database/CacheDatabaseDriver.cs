using System.Data.Common;

namespace Porch.Cache.Database;

/// <summary>
/// The seam between the dialect-neutral database cache of this package (<see cref="CacheDatabase"/>, its schema, its
/// revision and metadata stores, every statement parameterized) and a driver package: Porch.Cache.Sqlite and
/// Porch.Cache.PostgreSql each derive one and register it through <see cref="CacheDatabaseServices.UseDatabase"/>.
/// Internal on purpose (visible to those two packages only): the statements and schema it serves are not a contract
/// for other databases.
/// </summary>
internal abstract class CacheDatabaseDriver
{
    /// <summary>Gets the storage name used in logs and error texts (<c>sqlite</c>, <c>postgresql</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Gets the column type of timestamps (time-zone aware where the database has one, spec section 12 item 15).</summary>
    public abstract string TimestampType { get; }

    /// <summary>Gets a statement that serializes schema migrations between processes inside a transaction, or null when the transaction itself does.</summary>
    public virtual string? MigrationLock => null;

    /// <summary>Gets the statements run once per process before the migrations, outside any transaction (database settings such as a journal mode).</summary>
    public virtual IReadOnlyList<string> PrepareStatements => [];

    /// <summary>Opens a connection to the cache database; a <see cref="DbException"/> is reported by the caller as the repository being unavailable.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection the caller disposes.</returns>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
