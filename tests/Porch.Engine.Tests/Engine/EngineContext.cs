using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Krm.Rendering;
using Porch.Engine.Watch;
using Porch.Testing;

namespace Porch.Engine.Tests.Engine;

/// <summary>An engine on in-memory repositories with a test renderer and a recording notifier.</summary>
internal sealed class EngineContext : IAsyncDisposable
{
    public const string Ns = "default";

    private EngineContext(PorchTestHarness harness, TestRenderer renderer, RecordingNotifier notifier)
    {
        Harness = harness;
        Renderer = renderer;
        Notifier = notifier;
        Repository = harness.AddRepository("blueprints");
    }

    public PorchTestHarness Harness { get; }

    public IPorchEngine Engine => Harness.Engine;

    public TestRenderer Renderer { get; }

    public RecordingNotifier Notifier { get; }

    public Repository Repository { get; }

    public InMemoryRepository Store => Harness.Repositories.GetRepository(Repository);

    public static EngineContext Create(Action<IPorchEngineBuilder>? configure = null)
    {
        var renderer = new TestRenderer();
        var notifier = new RecordingNotifier();
        var harness = PorchTestHarness.Create(b =>
        {
            b.Services.AddSingleton<IPackageRenderer>(renderer);
            b.Services.AddSingleton<IPackageRevisionChangeNotifier>(notifier);
            configure?.Invoke(b);
        });
        return new EngineContext(harness, renderer, notifier);
    }

    /// <summary>An engine whose repository listings a test can hold at a signal (<see cref="GatedPackageCache.HoldNextListing"/>).</summary>
    public static EngineContext CreateGated(out GatedPackageCache cache)
    {
        var ctx = Create(b =>
        {
            b.Services.AddSingleton(sp => new GatedPackageCache(ActivatorUtilities.CreateInstance<PassThroughPackageCache>(sp)));
            b.Services.AddSingleton<IPackageCache>(sp => sp.GetRequiredService<GatedPackageCache>());
        });
        cache = ctx.Harness.Services.GetRequiredService<GatedPackageCache>();
        return ctx;
    }

    public static PackageRevision NewRevision(string package, string workspace, string repository = "blueprints", params TaskSpec[] tasks) => new()
    {
        Metadata = new ObjectMeta { Namespace = Ns },
        Spec = new PackageRevisionSpec { Repository = repository, PackageName = package, WorkspaceName = workspace, Tasks = [.. tasks] },
    };

    public Task<PackageRevision> InitAsync(string package, string workspace = "v1") =>
        Engine.CreatePackageRevisionAsync(NewRevision(package, workspace));

    /// <summary>init, propose, approve: a Published revision.</summary>
    public async Task<PackageRevision> PublishAsync(string package, string workspace = "v1")
    {
        var draft = await InitAsync(package, workspace);
        await Engine.ProposeAsync(Ns, draft.Metadata.Name!);
        return await Engine.ApproveAsync(Ns, draft.Metadata.Name!);
    }

    /// <summary>Brings a new revision to <paramref name="lifecycle"/> by the normal path.</summary>
    public async Task<PackageRevision> ReachAsync(string package, PackageRevisionLifecycle lifecycle)
    {
        var pr = await InitAsync(package);
        var name = pr.Metadata.Name!;
        if (lifecycle == PackageRevisionLifecycle.Draft)
        {
            return pr;
        }

        pr = await Engine.ProposeAsync(Ns, name);
        if (lifecycle == PackageRevisionLifecycle.Proposed)
        {
            return pr;
        }

        pr = await Engine.ApproveAsync(Ns, name);
        return lifecycle == PackageRevisionLifecycle.Published ? pr : await Engine.ProposeDeleteAsync(Ns, name);
    }

    /// <summary>Everything stored, for before/after comparisons.</summary>
    public async Task<string> SnapshotAsync()
    {
        var list = await Store.ListPackageRevisionsAsync(Porch.Engine.Repositories.PackageRevisionFilter.All);
        var lines = new List<string>();
        foreach (var r in list.OrderBy(r => r.Key.ObjectName, StringComparer.Ordinal))
        {
            var files = await r.GetResourcesAsync();
            lines.Add($"{r.Key.ObjectName} {r.Key.Revision} {r.Lifecycle} {r.ResourceVersion} " +
                string.Join(",", files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value.GetHashCode(StringComparison.Ordinal))));
        }

        var metadata = Harness.Services.GetRequiredService<Porch.Engine.Repositories.IPackageRevisionMetadataStore>();
        foreach (var r in list)
        {
            var m = await metadata.GetAsync(Ns, r.Key.ObjectName);
            lines.Add($"meta {r.Key.ObjectName} {(m is null ? "-" : string.Join(",", m.Labels.Select(l => l.Key + "=" + l.Value)) + " " + m.DeletionTimestamp)}");
        }

        return string.Join("\n", lines);
    }

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
