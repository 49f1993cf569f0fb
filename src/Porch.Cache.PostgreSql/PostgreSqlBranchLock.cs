using Npgsql;
using Porch.Cache.Database;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.PostgreSql;

/// <summary>
/// The replicas' lock of a repository's registered branch: a transaction-level advisory lock
/// (<c>pg_advisory_xact_lock(7243005, hashtext('namespace/name'))</c>, the two-key form of its own class) in a
/// transaction held open while the branch moves. Giving it back ends the transaction; a replica that dies or loses its
/// connection ends it too, so the lock never outlives its holder. When the cache keeps its database elsewhere (storage
/// replaced after <c>UsePostgreSql</c>), there are no replicas to take turns with and the lock is held at once.
/// </summary>
internal sealed class PostgreSqlBranchLock(CacheDatabaseDriver driver) : IRepositoryBranchLock
{
    private const int LockClass = 7243005;

    public async ValueTask<RepositoryBranchLease> AcquireAsync(RepositoryKey repository, CancellationToken cancellationToken)
    {
        if (driver is not PostgreSqlCacheDriver postgres)
        {
            return new RepositoryBranchLease(waited: false, static () => ValueTask.CompletedTask);
        }

        var key = repository.Namespace + "/" + repository.Name;
        var connection = await postgres.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var waited = !await LockAsync(connection, transaction, "pg_try_advisory_xact_lock", key, cancellationToken).ConfigureAwait(false);
            if (waited)
            {
                await LockAsync(connection, transaction, "pg_advisory_xact_lock", key, cancellationToken).ConfigureAwait(false);
            }

            return new RepositoryBranchLease(waited, async () =>
            {
                try
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // The session is gone, and the lock with it.
                }
                finally
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            });
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one of the two lock functions; returns what <c>pg_try_advisory_xact_lock</c> answers (true for the waiting one).</summary>
    private static async Task<bool> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string function, string key, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"SELECT {function}(@class, hashtext(@key))::text", connection, transaction);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("class", LockClass);
        command.Parameters.AddWithValue("key", key);
        var answer = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return answer is not "false";
    }
}
