using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Porch.Tests.Shared.Time;

/// <summary>A fake clock that tells the test each timer created on it (its due time), so a test advances the clock only once a wait has begun.</summary>
internal sealed class TimerSignallingClock(FakeTimeProvider inner) : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Inner { get; } = inner;

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Inner.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits for the next timer created on this clock and returns its due time.</summary>
    public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => _timers.Reader.ReadAsync(cancellationToken);
}
