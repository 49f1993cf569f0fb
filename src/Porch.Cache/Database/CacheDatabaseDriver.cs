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

    /// <summary>
    /// Gets the statements of the change feed's tables (<c>porch_change_feed</c>, <c>porch_change_feed_trim</c>), or
    /// none when the driver keeps no feed (one process: its watchers are told directly).
    /// </summary>
    public virtual IReadOnlyList<string> ChangeFeedStatements => [];

    /// <summary>
    /// Gets the statement run in a writing transaction right before its changes are appended to the feed, held until the
    /// transaction ends (it orders feed versions by commit), or null when the driver keeps no feed.
    /// </summary>
    public virtual string? ChangeFeedLock => null;

    /// <summary>
    /// Gets the statement that serializes the writers of one repository's rows inside their transactions (parameter
    /// <c>@key</c>: namespace/name), or null when the database serializes writers itself (SQLite).
    /// </summary>
    public virtual string? RepositoryWriteLock => null;

    /// <summary>Gets the statement announcing, at commit, that changes up to <c>@seq</c> (text) were appended, or null.</summary>
    public virtual string? ChangeFeedAnnounce => null;

    /// <summary>
    /// Takes or confirms this process's ownership of the periodic sync of one repository; true when this process
    /// syncs it. The default (one process) always owns it.
    /// </summary>
    /// <param name="namespace">The repository's namespace.</param>
    /// <param name="name">The repository's name.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>Whether this process owns the repository's sync.</returns>
    public virtual ValueTask<bool> TryOwnSyncAsync(string @namespace, string name, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    /// <summary>Gives up this process's ownership of a repository's sync (the repository was closed here).</summary>
    /// <param name="namespace">The repository's namespace.</param>
    /// <param name="name">The repository's name.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    public virtual ValueTask ReleaseSyncAsync(string @namespace, string name, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Gets the prefix this process puts on its update claims so other processes can tell whether it is still alive,
    /// or null when one process uses the database (claims then only expire).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The prefix, or null.</returns>
    public virtual ValueTask<string?> ClaimHolderAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <summary>
    /// Gets a condition on a <c>package_revisions</c> row that is true when its <c>claim_token</c> was made by a process
    /// that is gone (its claim is then free at once, not after <c>ClaimTimeout</c>), or null.
    /// </summary>
    public virtual string? ClaimHolderGone => null;

    /// <summary>Opens a connection to the cache database; a <see cref="DbException"/> is reported by the caller as the repository being unavailable.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection the caller disposes.</returns>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
