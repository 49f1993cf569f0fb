using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Krm;

namespace Porch.Watch.Tests;

public sealed class WatcherManagerTests
{
    private static PackageRevisionWatcherManager Manager(int log = 100, int buffer = 100) =>
        new(Options.Create(new WatchOptions { EventLogCapacity = log, WatcherBufferCapacity = buffer }));

    private static PackageRevision Pr(string ns, string repo, string package, string ws = "v1", PackageRevisionLifecycle lifecycle = PackageRevisionLifecycle.Draft) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = $"{repo}.{package}.{ws}" },
        Spec = new PackageRevisionSpec { Repository = repo, PackageName = package, WorkspaceName = ws, Lifecycle = lifecycle },
    };

    private static async Task<List<WatchEvent>> Take(IAsyncEnumerable<WatchEvent> stream, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var list = new List<WatchEvent>();
        await foreach (var e in stream.WithCancellation(timeout.Token))
        {
            list.Add(e);
            if (list.Count == count)
            {
                break;
            }
        }

        return list;
    }

    [Fact]
    public async Task Watch_AppliesFilterToEveryEvent_InOrder()
    {
        var manager = Manager();
        var stream = manager.WatchAsync(new PackageRevisionFilter { Namespace = "a", PackageName = "app", Lifecycles = [PackageRevisionLifecycle.Draft] });
        var reading = Take(stream, 2);
        AssertWatchers(manager, 1);

        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, Pr("a", "r", "app"));
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, Pr("b", "r", "app"));
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, Pr("a", "r", "other"));
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Pr("a", "r", "app", lifecycle: PackageRevisionLifecycle.Proposed));
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Deleted, Pr("a", "r", "app"));

        var events = await reading;
        Assert.Equal([(PackageRevisionChangeType.Added, 1L), (PackageRevisionChangeType.Deleted, 5L)], events.Select(e => (e.Type, e.Version)));
    }

    [Fact]
    public async Task Watch_LabelSelector_AppliedToEvents()
    {
        var manager = Manager();
        var reading = Take(manager.WatchAsync(new PackageRevisionFilter { Labels = LabelSelector.Parse("team=a") }), 1);
        AssertWatchers(manager, 1);
        var unlabelled = Pr("ns", "r", "p");
        var labelled = Pr("ns", "r", "q");
        labelled.Metadata.Labels["team"] = "a";

        Assert.Equal(0, manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, unlabelled));
        Assert.Equal(1, manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, labelled));

        Assert.Equal("r.q.v1", Assert.Single(await reading).Object.Metadata.Name);
    }

    [Fact]
    public async Task Resume_FromVersion_ReplaysExactlyTheMissedMatchingEvents()
    {
        var manager = Manager();
        for (var i = 0; i < 10; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Pr("ns", "r", i % 2 == 0 ? "even" : "odd", "v" + i));
        }

        var events = await Take(manager.WatchAsync(new PackageRevisionFilter { PackageName = "even" }, fromVersion: 4), 3);

        Assert.Equal([5L, 7L, 9L], events.Select(e => e.Version));
    }

    [Fact]
    public async Task Resume_FromCurrentVersion_ThenLiveEvents()
    {
        var manager = Manager();
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, Pr("ns", "r", "p"));
        var from = manager.CurrentVersion;
        var reading = Take(manager.WatchAsync(PackageRevisionFilter.All, from), 1);
        AssertWatchers(manager, 1);
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Pr("ns", "r", "p"));
        Assert.Equal(2L, Assert.Single(await reading).Version);
    }

    [Fact]
    public async Task Resume_TooOld_Gone()
    {
        var manager = Manager(log: 5);
        for (var i = 0; i < 20; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Pr("ns", "r", "p"));
        }

        var ex = await Assert.ThrowsAsync<WatchExpiredException>(() => Take(manager.WatchAsync(PackageRevisionFilter.All, fromVersion: 3), 1));
        Assert.Equal("too old resource version: 3 (15)", ex.Message);
        Assert.Equal(410, ex.HttpStatusCode);
        Assert.Equal(PorchErrorCode.Gone, ex.ErrorCode);

        var ok = await Take(manager.WatchAsync(PackageRevisionFilter.All, fromVersion: 15), 5);
        Assert.Equal([16L, 17L, 18L, 19L, 20L], ok.Select(e => e.Version));
    }

    [Fact]
    public async Task SlowConsumer_DroppedWithGone_OthersUnaffected()
    {
        var manager = Manager(buffer: 3);
        var slow = manager.WatchAsync(PackageRevisionFilter.All).GetAsyncEnumerator();
        var firstMove = slow.MoveNextAsync();
        var fast = manager.WatchAsync(PackageRevisionFilter.All).GetAsyncEnumerator();
        var fastMove = fast.MoveNextAsync();
        AssertWatchers(manager, 2);

        // The fast watcher reads each event before the next is published, so it never falls behind however
        // loaded the machine is; the slow one reads nothing until all ten are out.
        var fastVersions = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Pr("ns", "r", "p"));
            Assert.True(await fastMove);
            fastVersions.Add(fast.Current.Version);
            if (i < 9)
            {
                fastMove = fast.MoveNextAsync();
            }
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), fastVersions);
        Assert.True(await firstMove);
        var ex = await Assert.ThrowsAsync<WatchExpiredException>(async () =>
        {
            while (await slow.MoveNextAsync())
            {
            }
        });
        Assert.Contains("fell more than 3 events behind", ex.Message, StringComparison.Ordinal);
        await slow.DisposeAsync();
        await fast.DisposeAsync();
        Assert.Equal(0, manager.WatcherCount);
    }

    [Fact]
    public async Task Cancellation_RemovesWatcher()
    {
        var manager = Manager();
        using var cts = new CancellationTokenSource();
        var watch = manager.WatchAsync(PackageRevisionFilter.All, null, cts.Token).GetAsyncEnumerator(cts.Token);
        var moved = watch.MoveNextAsync();
        AssertWatchers(manager, 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await moved);
        await watch.DisposeAsync();
        Assert.Equal(0, manager.WatcherCount);
    }

    [Fact]
    public async Task ThousandWatchers_EachReceivesEveryEvent_ThenAllUnregister()
    {
        const int watchers = 1000;
        const int perRound = 100;
        const int rounds = 20;
        var manager = Manager(log: 1000, buffer: 1000);
        using var cts = new CancellationTokenSource();
        var received = new long[watchers];
        long total = 0;
        long roundTarget = 0;
        var roundDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each watcher is registered here, by its first MoveNextAsync, before any event is sent; the readers then
        // count what arrives, and the reader that brings the total to this round's target signals the round.
        var readers = new Task[watchers];
        for (var i = 0; i < watchers; i++)
        {
            var watch = manager.WatchAsync(new PackageRevisionFilter { Namespace = "ns" }, null, cts.Token).GetAsyncEnumerator(cts.Token);
            readers[i] = Read(watch, watch.MoveNextAsync(), i);
        }

        async Task Read(IAsyncEnumerator<WatchEvent> watch, ValueTask<bool> moved, int i)
        {
            try
            {
                while (await moved)
                {
                    Interlocked.Increment(ref received[i]);
                    if (Interlocked.Increment(ref total) == Volatile.Read(ref roundTarget))
                    {
                        Volatile.Read(ref roundDone).TrySetResult();
                    }

                    moved = watch.MoveNextAsync();
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await watch.DisposeAsync();
            }
        }

        AssertWatchers(manager, watchers);
        for (var round = 0; round < rounds; round++)
        {
            // Wait for every watcher to take the round before the next, so none falls a buffer behind; the bound is
            // generous and only stops a broken build from hanging the run.
            Volatile.Write(ref roundTarget, (round + 1) * (long)watchers * perRound);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref roundDone, done);
            for (var i = 0; i < perRound; i++)
            {
                manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Pr("ns", "r", "p" + i));
            }

            await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }

        await cts.CancelAsync();
        await Task.WhenAll(readers);
        Assert.All(received, r => Assert.Equal(rounds * perRound, r));
        Assert.Equal(0, manager.WatcherCount);
    }

    /// <summary>
    /// A watcher is registered by the first MoveNextAsync of its stream, before that call returns; every test starts
    /// its streams that way on its own thread, so the count is checked, never polled for.
    /// </summary>
    private static void AssertWatchers(PackageRevisionWatcherManager manager, int count)
    {
        Assert.Equal(count, manager.WatcherCount);
    }
}

public sealed class WatchMetricsTests
{
    [Fact]
    public async Task Notify_CountsEventsSent_GaugeReportsActiveWatchers()
    {
        var sent = 0L;
        var active = new List<int>();
        using var meters = new System.Diagnostics.Metrics.MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Porch.Watch.Diagnostics.PorchWatchDiagnostics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, _, _) =>
        {
            if (i.Name == "porch.watch.events_sent")
            {
                Interlocked.Add(ref sent, v);
            }
        });
        meters.SetMeasurementEventCallback<int>((i, v, _, _) =>
        {
            if (i.Name == "porch.watch.active")
            {
                active.Add(v);
            }
        });
        meters.Start();
        using var manager = new PackageRevisionWatcherManager(Microsoft.Extensions.Options.Options.Create(new WatchOptions()));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var enumerator = manager.WatchAsync(Porch.Engine.Repositories.PackageRevisionFilter.All, null, cts.Token).GetAsyncEnumerator(cts.Token);
        var moved = enumerator.MoveNextAsync();
        Assert.Equal(1, manager.WatcherCount);

        manager.NotifyPackageRevisionChange(Porch.Engine.Watch.PackageRevisionChangeType.Added, new Porch.Engine.Api.PackageRevision { Metadata = new() { Namespace = "ns", Name = "r.p.v1" } });
        Assert.True(await moved);
        meters.RecordObservableInstruments();
        await enumerator.DisposeAsync();

        Assert.True(Interlocked.Read(ref sent) >= 1);
        Assert.Contains(1, active);
    }
}
