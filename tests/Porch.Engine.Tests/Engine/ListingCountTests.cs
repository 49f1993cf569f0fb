using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Testing;

namespace Porch.Engine.Tests.Engine;

/// <summary>
/// ARCHITECTURE.md, "Data flow of one create": <c>draft.Close</c> returns the revision, so the engine does not list
/// the package again after a write. Counted through the fault plan's wrapper (no faults planned).
/// </summary>
public sealed class ListingCountTests
{
    private const string Ns = EngineContext.Ns;
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

    private static async Task<FaultPlan> CountListingsAsync(EngineContext ctx)
    {
        var plan = new FaultPlan();
        ctx.Harness.Repositories.Faults = plan;
        await ctx.Harness.Services.GetRequiredService<IPackageCache>().CloseRepositoryAsync(ctx.Repository);
        return plan;
    }

    [Fact]
    public async Task UpdateResources_ListsThePackageOnce_CloseReturnsTheRevision()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var resources = await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!);
        resources.Spec.Resources["cm.yaml"] = ConfigMap;
        var plan = await CountListingsAsync(ctx);

        var result = await ctx.Engine.UpdatePackageRevisionResourcesAsync(resources);

        // One listing finds the revision to change; before, two more followed the close (notify, then the result).
        Assert.Equal(1, plan.Calls(RepositoryOperation.ListPackageRevisions));
        Assert.Equal(ConfigMap, result.Spec.Resources["cm.yaml"]);
        var stored = await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!);
        Assert.Equal(stored.Metadata.ResourceVersion, result.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Approve_ListsForTheEntryAndTheNextRevisionOnly_CloseReturnsTheLatest()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        pr = await ctx.Engine.ProposeAsync(Ns, pr.Metadata.Name!);
        pr.Spec.Lifecycle = PackageRevisionLifecycle.Published;
        var plan = await CountListingsAsync(ctx);

        var approved = await ctx.Engine.UpdatePackageRevisionApprovalAsync(pr);

        Assert.Equal(2, plan.Calls(RepositoryOperation.ListPackageRevisions));
        Assert.Equal(PackageRevisionLifecycle.Published, approved.Spec.Lifecycle);
        Assert.Equal(1, approved.Spec.Revision);
        Assert.Equal("true", approved.Metadata.Labels[PorchApi.LatestRevisionLabel]);
        var stored = await ctx.Engine.GetPackageRevisionAsync(Ns, pr.Metadata.Name!);
        Assert.Equal(stored.Metadata.ResourceVersion, approved.Metadata.ResourceVersion);
        Assert.Equal(stored.Metadata.Labels, approved.Metadata.Labels);
    }
}
