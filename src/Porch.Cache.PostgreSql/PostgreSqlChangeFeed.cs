using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Porch.Cache.Database;
using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Cache.PostgreSql;

/// <summary>
/// The change feed of the PostgreSQL cache (<c>porch_change_feed</c>), which the database stores append to in the
/// transaction of each change (<see cref="ChangeFeedWriter"/>) and announce with <c>NOTIFY</c>. Readers read it by
/// version; waiting uses one listening connection per replica (<c>LISTEN</c>, Npgsql's <c>Notification</c> event and
/// <c>WaitAsync</c>), opened on the first wait. When that connection is lost, the listener reconnects (backing off up to
/// 5 s), listens again and then reads the feed's latest version, so waiters catch up on what was announced while it
/// was away from the feed itself.
/// </summary>
internal sealed partial class PostgreSqlChangeFeed : IPackageRevisionChangeFeed, IAsyncDisposable, IDisposable
{
    private readonly PostgreSqlCacheDriver _driver;
    private readonly CacheDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listener;
    private long _announced = -1;
    private int _listenerProcessId;
    private bool _disposed;
    private int _connections;

    public PostgreSqlChangeFeed(CacheDatabaseDriver driver, CacheDatabase db, TimeProvider time, ILogger<PostgreSqlChangeFeed>? logger = null)
    {
        _driver = driver as PostgreSqlCacheDriver
            ?? throw new InvalidOperationException("The PostgreSQL change feed needs the PostgreSQL cache driver (UsePostgreSql).");
        _db = db;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the backend process id of the listening connection, or 0 (tests end it to play a lost connection).</summary>
    internal int ListenerProcessId => Volatile.Read(ref _listenerProcessId);

    /// <summary>Gets how many times the listener (re)connected.</summary>
    internal int Connections => Volatile.Read(ref _connections);

    public async Task<(long Oldest, long Latest)> GetBoundsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = CacheDatabase.Command(connection, null,
            "SELECT t.through, COALESCE((SELECT MAX(seq) FROM porch_change_feed), t.through) FROM porch_change_feed_trim t WHERE t.id = 1");
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetInt64(1))
            : (0, 0);
    }

    public async Task<IReadOnlyList<PackageRevisionChange>> ReadAsync(long afterVersion, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var result = new List<PackageRevisionChange>();
        var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = CacheDatabase.Command(connection, null,
            "SELECT seq, change_type, object FROM porch_change_feed WHERE seq > @after ORDER BY seq LIMIT @max",
            ("@after", afterVersion), ("@max", maxCount));
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var revision = JsonSerializer.Deserialize(reader.GetString(2), PorchJsonContext.Default.PackageRevision)
                ?? throw new InvalidOperationException("the change feed held a null object");
            result.Add(new PackageRevisionChange(reader.GetInt64(0), Enum.Parse<PackageRevisionChangeType>(reader.GetString(1)), revision));
        }

        return result;
    }

    public async Task WaitForChangesAsync(long afterVersion, CancellationToken cancellationToken = default)
    {
        EnsureListening();
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_announced > afterVersion)
                {
                    return;
                }

                next = _signal.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the listener (idempotent: the container may dispose the instance once per registration).</summary>
    public async ValueTask DisposeAsync()
    {
        Task? listener;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            listener = _listener;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        if (listener is not null)
        {
            try
            {
                await listener.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        _stopping.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/> for a container disposed synchronously: stops the listener without waiting for it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Cancel();
    }

    private void EnsureListening()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed || _stopping.IsCancellationRequested, this);
            _listener ??= Task.Run(() => ListenAsync(_stopping.Token));
        }
    }

    private void Announce(long version)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (version > _announced)
            {
                _announced = version;
            }

            signal = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var connection = await _driver.DataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, e) =>
                    {
                        if (long.TryParse(e.Payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
                        {
                            Announce(version);
                        }
                    };
                    var listen = new NpgsqlCommand($"SET application_name = 'porch-change-feed'; LISTEN {PostgreSqlCacheDriver.ChangeFeedChannel}", connection);
                    await using (listen.ConfigureAwait(false))
                    {
                        await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                    }

                    Volatile.Write(ref _listenerProcessId, connection.ProcessID);
                    Interlocked.Increment(ref _connections);

                    // Listening now: whatever was committed before (or while the connection was lost) is caught up from the feed.
                    var (_, latest) = await GetBoundsAsync(stopping).ConfigureAwait(false);
                    Announce(latest);
                    delay = TimeSpan.FromMilliseconds(100);
                    while (true)
                    {
                        await connection.WaitAsync(stopping).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested && ex is NpgsqlException or System.IO.IOException or InvalidOperationException or Porch.Engine.Errors.PorchException)
            {
                Volatile.Write(ref _listenerProcessId, 0);
                ListenerLost(_logger, delay, ex);
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 2901, EventName = "ChangeFeedListenerLost", Level = LogLevel.Warning,
        Message = "The change feed's listening connection was lost; reconnecting in {Delay}")]
    private static partial void ListenerLost(ILogger logger, TimeSpan delay, Exception exception);
}
