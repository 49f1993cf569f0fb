namespace Porch.Testing.Tests;

public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Advance_MovesClock()
    {
        var time = new FakeTimeProvider(Start);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(Start.AddMinutes(5), time.GetUtcNow());
    }

    [Fact]
    public void Timer_FiresAtDueTimeAndPeriodically()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal([Start.AddSeconds(10), Start.AddSeconds(15), Start.AddSeconds(20)], fired);
        Assert.Equal(Start.AddSeconds(21), time.GetUtcNow());
    }

    [Fact]
    public void Timer_DisposedOrChangedToInfinite_DoesNotFire()
    {
        var time = new FakeTimeProvider(Start);
        var count = 0;
        var a = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var b = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        a.Dispose();
        b.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, count);
    }

    [Fact]
    public void OneShotTimer_FiresOnce()
    {
        var time = new FakeTimeProvider(Start);
        var count = 0;
        using var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Delay_CompletesWhenAdvanced()
    {
        var time = new FakeTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromSeconds(30), time);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var time = new FakeTimeProvider(Start);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start.AddSeconds(-1)));
    }
}
