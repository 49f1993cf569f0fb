using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Testing;

namespace Porch.Watch.Tests;

public sealed class EngineWatchTests
{
    [Fact]
    public async Task Engine_WithWatch_EveryChangeOnceInOrder()
    {
        await using var porch = PorchTestHarness.Create(b => b.WithBuiltinFunctionRuntime().WithWatch());
        porch.AddRepository("blueprints");
        var watches = porch.Services.GetRequiredService<IPackageRevisionWatchService>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<WatchEvent>();

        // Not Task.Run: the stream's first MoveNextAsync registers the watcher before it returns, so the watcher is
        // in place once ReadFour is called, and the changes below cannot be missed.
        async Task ReadFour()
        {
            await foreach (var e in watches.WatchAsync(new PackageRevisionFilter { Namespace = "default" }, null, cts.Token))
            {
                events.Add(e);
                if (events.Count == 4)
                {
                    break;
                }
            }
        }

        var reading = ReadFour();
        Assert.Equal(1, watches.WatcherCount);

        var pr = await porch.Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { Repository = "blueprints", PackageName = "app", WorkspaceName = "v1" },
        });
        await porch.Engine.ProposeAsync("default", pr.Metadata.Name!);
        await porch.Engine.ApproveAsync("default", pr.Metadata.Name!);
        await porch.Engine.ProposeDeleteAsync("default", pr.Metadata.Name!);
        await reading;

        Assert.Equal(
            [
                (PackageRevisionChangeType.Added, PackageRevisionLifecycle.Draft),
                (PackageRevisionChangeType.Modified, PackageRevisionLifecycle.Proposed),
                (PackageRevisionChangeType.Modified, PackageRevisionLifecycle.Published),
                (PackageRevisionChangeType.Modified, PackageRevisionLifecycle.DeletionProposed),
            ],
            events.Select(e => (e.Type, e.Object.Spec.Lifecycle!.Value)));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Version));
    }

    [Fact]
    public async Task WithWatch_Twice_OneManager_InvalidOptionsFail()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithWatch().WithWatch();
        await using var sp = services.BuildServiceProvider();
        Assert.Same(sp.GetRequiredService<IPackageRevisionWatchService>(), sp.GetRequiredService<IPackageRevisionChangeNotifier>());

        var bad = new ServiceCollection();
        bad.AddPorchEngine().WithWatch(o => o.WatcherBufferCapacity = 0);
        await using var badSp = bad.BuildServiceProvider();
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => badSp.GetRequiredService<IPackageRevisionWatchService>());
    }
}
