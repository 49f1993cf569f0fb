namespace Porch.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so; timers fire during <see cref="Advance"/>
/// and <see cref="SetUtcNow"/>, in due order. Thread safe.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>Initializes a new instance of the <see cref="FakeTimeProvider"/> class at 2000-01-01T00:00:00Z.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FakeTimeProvider"/> class at <paramref name="start"/>.</summary>
    /// <param name="start">The initial time.</param>
    public FakeTimeProvider(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _zone;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Sets the local time zone.</summary>
    /// <param name="zone">The zone.</param>
    public void SetLocalTimeZone(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        _zone = zone;
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    /// <param name="delta">How far; not negative.</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Sets the clock, firing every timer that falls due up to that time.</summary>
    /// <param name="value">The new time; not earlier than now.</param>
    public void SetUtcNow(DateTimeOffset value)
    {
        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                if (value < _now)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, "The fake clock cannot go backwards.");
                }

                due = _timers.Where(t => t.DueAt <= value).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    _now = value;
                    return;
                }

                _now = due.DueAt > _now ? due.DueAt : _now;
                due.Reschedule();
            }

            due.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = owner._now + dueTime;
                owner._timers.Add(this);
                return true;
            }
        }

        /// <summary>Called under the owner's lock when the timer fires: re-arms a periodic timer or removes a one-shot one.</summary>
        public void Reschedule()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
            }
            else
            {
                owner._timers.Remove(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
