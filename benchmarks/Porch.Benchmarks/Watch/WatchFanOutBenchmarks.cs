using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch;

namespace Porch.Benchmarks.Watch;

/// <summary>
/// One package-revision change delivered to 1,000 watchers of Porch.Watch's manager, measured from the notify call
/// until the last watcher has read it. One delivery per iteration, 200 iterations, so P99 is the 99th percentile of
/// single deliveries (outliers kept). Baseline: the same fan-out over 1,000 bare bounded channels (the floor). Goal: P99 ≤ 5 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(1, 1)]
[IterationCount(200)]
[Outliers(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)]
[Config(typeof(Config))]
public class WatchFanOutBenchmarks
{
    private const int Watchers = 1_000;
    private readonly PackageRevision _change = new()
    {
        Metadata = new ObjectMeta { Namespace = "default", Name = "blueprints.app.ws1" },
        Spec = new PackageRevisionSpec { Repository = "blueprints", PackageName = "app", WorkspaceName = "ws1", Lifecycle = PackageRevisionLifecycle.Draft },
    };

    private readonly List<Task> _readers = [];
    private PackageRevisionWatcherManager _manager = null!;
    private Channel<PackageRevision>[] _channels = [];
    private CancellationTokenSource _stop = null!;
    private TaskCompletionSource _allReceived = null!;
    private int _remaining;

    [GlobalSetup]
    public void Setup()
    {
        _stop = new CancellationTokenSource();
        _manager = new PackageRevisionWatcherManager(Options.Create(new WatchOptions { WatcherBufferCapacity = 1_000, EventLogCapacity = 10_000 }));
        var filter = new PackageRevisionFilter { Namespace = "default" };
        for (var i = 0; i < Watchers; i++)
        {
            _readers.Add(Task.Run(async () =>
            {
                await foreach (var _ in _manager.WatchAsync(filter, cancellationToken: _stop.Token))
                {
                    Received();
                }
            }));
        }

        _channels = new Channel<PackageRevision>[Watchers];
        for (var i = 0; i < Watchers; i++)
        {
            var channel = Channel.CreateBounded<PackageRevision>(new BoundedChannelOptions(1_000) { SingleReader = true });
            _channels[i] = channel;
            _readers.Add(Task.Run(async () =>
            {
                await foreach (var _ in channel.Reader.ReadAllAsync(_stop.Token))
                {
                    Received();
                }
            }));
        }

        SpinWait.SpinUntil(() => _manager.WatcherCount == Watchers, TimeSpan.FromSeconds(30));
        if (_manager.WatcherCount != Watchers)
        {
            throw new InvalidOperationException($"only {_manager.WatcherCount} watchers registered");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll([.. _readers], TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Readers end with cancellation.
        }

        _stop.Dispose();
    }

    [Benchmark(Baseline = true, Description = "floor: 1,000 bare bounded channels")]
    public Task Channels()
    {
        var done = Arm();
        foreach (var channel in _channels)
        {
            channel.Writer.TryWrite(_change);
        }

        return done;
    }

    [Benchmark(Description = "Porch.Watch: one change to 1,000 watchers")]
    public Task Manager()
    {
        var done = Arm();
        _manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, _change);
        return done;
    }

    private Task Arm()
    {
        _allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, Watchers);
        return _allReceived.Task;
    }

    private void Received()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _allReceived.TrySetResult();
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new P99Column());
    }
}
