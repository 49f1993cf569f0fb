using Porch.Cache.Internal;

namespace Porch.Cache.Tests.Concurrency;

/// <summary>The cache's per-repository gate: writes of single revisions share it, a sync holds it alone.</summary>
public sealed class SharedExclusiveGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EnterShared_SeveralHolders_AllInsideAtOnce()
    {
        using var gate = new SharedExclusiveGate();
        var first = await gate.EnterSharedAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        var second = await gate.EnterSharedAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        var third = await gate.EnterSharedAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        first.Dispose();
        second.Dispose();
        third.Dispose();
        (await gate.EnterExclusiveAsync(CancellationToken.None).AsTask().WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task EnterExclusive_SharedHoldersInside_WaitsUntilTheLastLeaves()
    {
        using var gate = new SharedExclusiveGate();
        var first = await gate.EnterSharedAsync(CancellationToken.None);
        var second = await gate.EnterSharedAsync(CancellationToken.None);
        var exclusive = gate.EnterExclusiveAsync(CancellationToken.None).AsTask();
        Assert.False(exclusive.IsCompleted);
        first.Dispose();
        Assert.False(exclusive.IsCompleted);
        second.Dispose();
        (await exclusive.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task EnterShared_ExclusiveWaiting_QueuesBehindIt()
    {
        using var gate = new SharedExclusiveGate();
        var inside = await gate.EnterSharedAsync(CancellationToken.None);
        var exclusive = gate.EnterExclusiveAsync(CancellationToken.None).AsTask();
        var late = gate.EnterSharedAsync(CancellationToken.None).AsTask();
        Assert.False(late.IsCompleted); // a busy repository still gets its sync

        inside.Dispose();
        var held = await exclusive.WaitAsync(Patience);
        Assert.False(late.IsCompleted);
        held.Dispose();
        (await late.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task EnterShared_ExclusiveInside_WaitsUntilItLeaves()
    {
        using var gate = new SharedExclusiveGate();
        var held = await gate.EnterExclusiveAsync(CancellationToken.None);
        var shared = gate.EnterSharedAsync(CancellationToken.None).AsTask();
        var exclusive = gate.EnterExclusiveAsync(CancellationToken.None).AsTask();
        Assert.False(shared.IsCompleted);
        Assert.False(exclusive.IsCompleted);
        held.Dispose();
        (await shared.WaitAsync(Patience)).Dispose();
        (await exclusive.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task EnterExclusive_CancelledWhileWaiting_LeavesTheGateUsable()
    {
        using var gate = new SharedExclusiveGate();
        var inside = await gate.EnterSharedAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var exclusive = gate.EnterExclusiveAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exclusive);

        // The cancelled waiter gave the turnstile back: new shared holders enter, and a later exclusive one gets in.
        (await gate.EnterSharedAsync(CancellationToken.None).AsTask().WaitAsync(Patience)).Dispose();
        inside.Dispose();
        (await gate.EnterExclusiveAsync(CancellationToken.None).AsTask().WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task EnterShared_CancelledWhileWaiting_LeavesTheGateUsable()
    {
        using var gate = new SharedExclusiveGate();
        var held = await gate.EnterExclusiveAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var shared = gate.EnterSharedAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shared);
        held.Dispose();
        (await gate.EnterExclusiveAsync(CancellationToken.None).AsTask().WaitAsync(Patience)).Dispose();
        (await gate.EnterSharedAsync(CancellationToken.None).AsTask().WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task ManyHolders_InterleavedWithExclusiveOnes_NeverOverlap()
    {
        using var gate = new SharedExclusiveGate();
        var shared = 0;
        var exclusive = 0;
        var overlaps = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await start.Task; // a starting gate: all workers leave together
            for (var round = 0; round < 50; round++)
            {
                if ((i + round) % 8 == 0)
                {
                    using (await gate.EnterExclusiveAsync(CancellationToken.None))
                    {
                        if (Interlocked.Increment(ref exclusive) != 1 || Volatile.Read(ref shared) != 0)
                        {
                            Interlocked.Increment(ref overlaps);
                        }

                        await Task.Yield();
                        Interlocked.Decrement(ref exclusive);
                    }
                }
                else
                {
                    using (await gate.EnterSharedAsync(CancellationToken.None))
                    {
                        Interlocked.Increment(ref shared);
                        if (Volatile.Read(ref exclusive) != 0)
                        {
                            Interlocked.Increment(ref overlaps);
                        }

                        await Task.Yield();
                        Interlocked.Decrement(ref shared);
                    }
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, overlaps);
    }
}
