using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Porch.Watch.Tests;

/// <summary>The resume log is bounded by bytes as well as by count (issue 16, item 6).</summary>
public sealed class WatchEventLogBoundsTests
{
    private const long MaxBytes = 64 * 1024;

    private static PackageRevisionWatcherManager Manager(int log = 10_000, long maxBytes = MaxBytes) =>
        new(Options.Create(new WatchOptions { EventLogCapacity = log, EventLogMaxBytes = maxBytes, WatcherBufferCapacity = 10_000 }));

    private static PackageRevision Big(int index, int annotationBytes) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = "ns",
            Name = $"r.p.v{index}",
            Annotations = { ["big"] = new string('x', annotationBytes), ["index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Spec = new PackageRevisionSpec { Repository = "r", PackageName = "p", WorkspaceName = "v" + index },
    };

    private static async Task<List<WatchEvent>> Take(IAsyncEnumerable<WatchEvent> stream, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var list = new List<WatchEvent>();
        if (count == 0)
        {
            return list;
        }

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
    public void EventLog_ManyLargeUpdates_NeverHoldsMoreThanTheByteBound()
    {
        var manager = Manager();
        for (var i = 1; i <= 200; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Big(i, 10_000));
            Assert.InRange(manager.EventLogBytes, 1, MaxBytes);
        }

        Assert.InRange(manager.EventLogCount, 1, 7);
        Assert.Equal(200, manager.CurrentVersion);
    }

    [Fact]
    public void EventLog_CountBoundStillHolds_ForSmallObjects()
    {
        var manager = Manager(log: 5, maxBytes: 1024 * 1024);
        for (var i = 1; i <= 50; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Big(i, 10));
        }

        Assert.Equal(5, manager.EventLogCount);
    }

    [Fact]
    public async Task Resume_WithinByteWindow_ReplaysExactlyTheMissedEvents()
    {
        var manager = Manager();
        for (var i = 1; i <= 50; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Big(i, 10_000));
        }

        var kept = manager.EventLogCount;
        var from = 50L - kept;
        var events = await Take(manager.WatchAsync(PackageRevisionFilter.All, from), kept);

        Assert.Equal(Enumerable.Range((int)from + 1, kept).Select(v => (long)v), events.Select(e => e.Version));
        Assert.All(events, e =>
        {
            Assert.Equal(e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Object.Metadata.Annotations["index"]);
            Assert.Equal(10_000, e.Object.Metadata.Annotations["big"].Length);
            Assert.Equal("p", e.Object.Spec.PackageName);
        });
    }

    [Fact]
    public async Task Resume_BeyondByteWindow_Gone()
    {
        var manager = Manager();
        for (var i = 1; i <= 50; i++)
        {
            manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Big(i, 10_000));
        }

        var oldestKept = 50L - manager.EventLogCount + 1;
        var ex = await Assert.ThrowsAsync<WatchExpiredException>(() => Take(manager.WatchAsync(PackageRevisionFilter.All, oldestKept - 2), 1));
        Assert.Equal($"too old resource version: {oldestKept - 2} ({oldestKept - 1})", ex.Message);
        Assert.Equal(410, ex.HttpStatusCode);
    }

    [Fact]
    public async Task EventLog_OneObjectLargerThanTheBound_NotKept_ResumeBeforeItGone()
    {
        var manager = Manager();
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, Big(1, 10));
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Big(2, (int)MaxBytes));

        Assert.Equal(0, manager.EventLogCount);
        Assert.Equal(0, manager.EventLogBytes);
        await Assert.ThrowsAsync<WatchExpiredException>(() => Take(manager.WatchAsync(PackageRevisionFilter.All, 1), 1));

        var reading = Take(manager.WatchAsync(PackageRevisionFilter.All, 2), 1);
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Modified, Big(3, 10));
        Assert.Equal(3L, Assert.Single(await reading).Version);
    }

    [Fact]
    public async Task Resume_ReplaysTheObjectAsItWasAtThatVersion()
    {
        var manager = Manager();
        var revision = Big(1, 10);
        manager.NotifyPackageRevisionChange(PackageRevisionChangeType.Added, revision);
        revision.Metadata.Annotations["index"] = "changed later";

        var replayed = Assert.Single(await Take(manager.WatchAsync(PackageRevisionFilter.All, 0), 1));
        Assert.Equal("1", replayed.Object.Metadata.Annotations["index"]);
    }

    [Fact]
    public async Task WithWatch_EventLogMaxBytesOutOfRange_FailsValidation()
    {
        var bad = new ServiceCollection();
        bad.AddPorchEngine().WithWatch(o => o.EventLogMaxBytes = 1024);
        await using var sp = bad.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IPackageRevisionWatchService>());
        Assert.Contains(nameof(WatchOptions.EventLogMaxBytes), ex.Message, StringComparison.Ordinal);
        Assert.Equal(64L * 1024 * 1024, new WatchOptions().EventLogMaxBytes);
    }
}
