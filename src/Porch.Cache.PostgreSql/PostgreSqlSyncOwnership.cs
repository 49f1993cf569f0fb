using Npgsql;

namespace Porch.Cache.PostgreSql;

/// <summary>
/// Which replica syncs a repository: the one holding a session-level advisory lock keyed by the repository
/// (<c>pg_try_advisory_lock(7243003, hashtext('namespace/name'))</c>, the two-key form so it never meets the single-key
/// migration and feed locks) on a connection this replica keeps open. Session locks outlive transactions and are
/// released by PostgreSQL when the session ends (and explicitly when this replica is disposed), so a replica that dies,
/// is disposed or loses its connection frees its repositories, and the next replica whose sync timer fires takes them over: within one sync period. Two
/// repositories whose names hash alike share an owner, which still syncs each once.
/// </summary>
internal sealed class PostgreSqlSyncOwnership : IAsyncDisposable, IDisposable
{
    private const int LockClass = 7243003;

    /// <summary>The class of the advisory lock that says this replica's session is alive (its key: <see cref="_livenessKey"/>).</summary>
    internal const int LivenessClass = 7243006;

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _owned = new(StringComparer.Ordinal);
    private NpgsqlConnection? _connection;
    private int _livenessKey;
    private bool _disposed;

    public PostgreSqlSyncOwnership(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Gets the backend process id of the held connection, or null (tests end it to play a lost connection).</summary>
    public int? BackendProcessId => _connection?.ProcessID;

    /// <summary>
    /// The key of the advisory lock (class <see cref="LivenessClass"/>) this replica's session holds for as long as it
    /// lives: claims carry it, so another replica can tell a claim of a dead replica from a live one at once.
    /// </summary>
    public async ValueTask<int> LivenessKeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (_connection is null)
                    {
                        _connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        var ping = new NpgsqlCommand("SELECT 1", _connection);
                        await using var pingScope = ping.ConfigureAwait(false);
                        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return _livenessKey;
                }
                catch (NpgsqlException) when (attempt == 0)
                {
                    // The session is gone, and its liveness lock with it: a new session takes a new key.
                    await DropConnectionAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// True when this replica owns the repository's sync: it held the lock already and its session is alive, or it
    /// takes the lock now. A session found dead forgets every lock it held and starts over on a new connection.
    /// </summary>
    public async ValueTask<bool> TryOwnAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    _connection ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
                    if (_owned.Contains(key))
                    {
                        var ping = new NpgsqlCommand("SELECT 1", _connection);
                        await using var pingScope = ping.ConfigureAwait(false);
                        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                        return true;
                    }

                    var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@key))", _connection);

                    await using var commandScope = command.ConfigureAwait(false);
                    command.Parameters.AddWithValue("class", LockClass);
                    command.Parameters.AddWithValue("key", key);
                    var taken = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    if (taken)
                    {
                        _owned.Add(key);
                    }

                    return taken;
                }
                catch (NpgsqlException) when (attempt == 0)
                {
                    // The session is gone, and with it every lock it held: forget them and try once on a new one.
                    await DropConnectionAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives up the repository's sync (it was closed here).</summary>
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed || _connection is null || !_owned.Remove(key))
            {
                return;
            }

            try
            {
                var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@key))", _connection);
                await using var commandScope = command.ConfigureAwait(false);
                command.Parameters.AddWithValue("class", LockClass);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // A lost session released the lock already.
                await DropConnectionAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await DropConnectionAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously.</summary>
    public void Dispose()
    {
        _disposed = true;
        var connection = Interlocked.Exchange(ref _connection, null);
        _owned.Clear();
        if (connection is null)
        {
            return;
        }

        try
        {
            using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            command.ExecuteScalar();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken: PostgreSQL freed the session's locks when it ended.
        }

        connection.Dispose();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = new NpgsqlCommand("SET application_name = 'porch-sync-owner'", connection);
            await using var commandScope = command.ConfigureAwait(false);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // A key of this session's own (positive, so it reads the same as pg_locks' objid): tried until one is free.
            var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @key)", connection);
            await using var takeScope = take.ConfigureAwait(false);
            take.Parameters.AddWithValue("class", LivenessClass);
            var key = take.Parameters.AddWithValue("key", 0);
            do
            {
                key.Value = _livenessKey = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
            }
            while (!(bool)(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Frees every lock and gives the connection back. A pooled connection is reset only when it is next used, so the
    /// locks are released explicitly first; if that fails the session is gone and its locks with it.
    /// </summary>
    private async Task DropConnectionAsync()
    {
        _owned.Clear();
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is null)
        {
            return;
        }

        try
        {
            var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await using var commandScope = command.ConfigureAwait(false);
            await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken: PostgreSQL freed the session's locks when it ended.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
