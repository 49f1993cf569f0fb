using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Cache.Database;

/// <summary>
/// Appends committed changes to the database's change feed (<c>porch_change_feed</c>) inside the transaction that
/// changes the cache rows, so a change is in the feed exactly when it is in the cache. Drivers without a feed
/// (<see cref="CacheDatabaseDriver.ChangeFeedLock"/> null) append nothing.
/// </summary>
internal static class ChangeFeedWriter
{
    /// <summary>Gets whether the database keeps a change feed.</summary>
    public static bool Enabled(CacheDatabase db) => db.Driver.ChangeFeedLock is not null;

    /// <summary>
    /// Appends <paramref name="changes"/>, in order, as the last statements of the transaction (the caller commits right
    /// after). Ordering rule: versions come from a sequence, and a sequence hands out numbers in call order, not commit
    /// order; a reader that saw version 7 committed while 6 was still open would skip 6 for good. So every appending
    /// transaction first takes the driver's feed lock (PostgreSQL: a transaction-level advisory lock), held until it
    /// commits or rolls back: numbers are drawn only under the lock, so once a version is visible every smaller one is
    /// either visible too or was rolled back and never will be. Readers can read "everything after my last version"
    /// without gaps. The lock is taken last, after every row lock of the transaction, so it cannot deadlock with them,
    /// and it is held only for these inserts and the commit.
    /// </summary>
    public static async Task AppendAsync(
        CacheDatabase db,
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<(PackageRevisionChangeType Type, PackageRevision Object)> changes,
        CancellationToken cancellationToken)
    {
        if (changes.Count == 0 || db.Driver.ChangeFeedLock is not { } feedLock)
        {
            return;
        }

        await CacheDatabase.ExecuteAsync(connection, transaction, feedLock, cancellationToken).ConfigureAwait(false);
        var now = db.Time.GetUtcNow();
        long last = 0;
        foreach (var (type, revision) in changes)
        {
            var value = await CacheDatabase.ScalarAsync(connection, transaction,
                """
                INSERT INTO porch_change_feed (k8s_name_space, k8s_name, change_type, object, committed)
                VALUES (@ns, @name, @type, @object, @committed) RETURNING seq
                """,
                cancellationToken,
                ("@ns", revision.Metadata.Namespace ?? ""),
                ("@name", revision.Metadata.Name ?? ""),
                ("@type", type.ToString()),
                ("@object", JsonSerializer.Serialize(revision, PorchJsonContext.Default.PackageRevision)),
                ("@committed", now)).ConfigureAwait(false);
            last = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        // Retention: only the latest ChangeFeedCapacity versions are kept; the watermark tells readers what is gone.
        var through = last - db.ChangeFeedCapacity;
        if (through > 0)
        {
            var trimmed = await CacheDatabase.ExecuteAsync(connection, transaction,
                "UPDATE porch_change_feed_trim SET through = @through WHERE id = 1 AND through < @through", cancellationToken,
                ("@through", through)).ConfigureAwait(false);
            if (trimmed > 0)
            {
                await CacheDatabase.ExecuteAsync(connection, transaction,
                    "DELETE FROM porch_change_feed WHERE seq <= @through", cancellationToken, ("@through", through)).ConfigureAwait(false);
            }
        }

        if (db.Driver.ChangeFeedAnnounce is { } announce)
        {
            await CacheDatabase.ExecuteAsync(connection, transaction, announce, cancellationToken,
                ("@seq", last.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }
    }
}
