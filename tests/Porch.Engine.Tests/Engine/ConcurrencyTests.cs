using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Engine.Tests.Engine;

public sealed class ConcurrencyTests
{
    private const string Ns = EngineContext.Ns;

    [Fact]
    public async Task Update_SixteenParallelWithSameResourceVersion_ExactlyOneWins()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var request = await ctx.Engine.GetPackageRevisionAsync(Ns, pr.Metadata.Name!);
            request.Metadata.ResourceVersion = pr.Metadata.ResourceVersion;
            request.Metadata.Labels["writer"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Wait();
            return await ctx.Engine.UpdatePackageRevisionAsync(request);
        })).ToList();
        start.Set();

        var outcomes = await Outcomes(tasks);

        Assert.Equal(1, outcomes.Successes);
        Assert.Equal(15, outcomes.Conflicts.Count);
        Assert.All(outcomes.Conflicts, c => Assert.True(
            c.Message.StartsWith("another request is already in progress on package revision \"default/blueprints.pkg.v1\"", StringComparison.Ordinal) ||
            c.Message.EndsWith("the object has been modified; please apply your changes to the latest version and try again", StringComparison.Ordinal),
            c.Message));
    }

    [Fact]
    public async Task Create_SixteenParallelOfOneWorkspace_ExactlyOneWins()
    {
        await using var ctx = EngineContext.Create();
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await ctx.InitAsync("pkg", "ws");
        })).ToList();
        start.Set();

        var outcomes = await Outcomes(tasks);

        Assert.Equal(1, outcomes.Successes);
        Assert.Equal(15, outcomes.Conflicts.Count + outcomes.Other.Count);
        Assert.All(outcomes.Conflicts, c => Assert.Equal(
            "another request is already in progress to create package revision with details namespace=\"default\", repository=\"blueprints\", package=\"pkg\",workspace=\"ws\"", c.Message));
        Assert.All(outcomes.Other, c => Assert.Equal(
            "package revision workspaceNames must be unique; package revision with name pkg in repo blueprints with workspaceName ws already exists", c.Message));
        Assert.Equal(1, ctx.Store.Count);
    }

    [Fact]
    public async Task Resources_LockHeldByUpdate_ResourcesUpdateGetsConflict()
    {
        await using var ctx = EngineContext.Create();
        var pr = await ctx.InitAsync("pkg");
        var gate = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        ctx.Renderer.Transform = files =>
        {
            entered.TrySetResult();
            gate.Task.Wait();
            return files;
        };
        var update = Task.Run(() => ctx.Engine.UpdatePackageRevisionAsync(pr));
        await entered.Task;
        var resources = await ctx.Engine.GetPackageRevisionResourcesAsync(Ns, pr.Metadata.Name!);
        var ex = await Assert.ThrowsAsync<PackageRevisionConflictException>(() => ctx.Engine.UpdatePackageRevisionResourcesAsync(resources));
        gate.SetResult();
        await update;
        Assert.Equal("another request is already in progress on package revision resources \"default/blueprints.pkg.v1\"", ex.Message);
    }

    [Fact]
    public async Task Create_KeysThatJoinAlikeWithDashes_DoNotBlockEachOther()
    {
        await using var ctx = EngineContext.CreateGated(out var cache);
        ctx.Harness.AddRepository("c", "a-b");
        ctx.Harness.AddRepository("b-c", "a");

        // The first create is held inside its lock (its listing of the repository), then an unrelated one runs:
        // namespace "a-b" + repository "c" and namespace "a" + repository "b-c" are different repositories.
        var gate = cache.HoldNextListing(f => f.Namespace == "a-b");
        var first = Task.Run(() => ctx.Engine.CreatePackageRevisionAsync(Revision("a-b", "c")));
        await gate.Entered;
        PackageRevision second;
        try
        {
            second = await ctx.Engine.CreatePackageRevisionAsync(Revision("a", "b-c"));
        }
        finally
        {
            gate.Release();
        }

        var created = await first;

        Assert.Equal(("a", "b-c.pkg.ws"), (second.Metadata.Namespace, second.Metadata.Name));
        Assert.Equal(("a-b", "c.pkg.ws"), (created.Metadata.Namespace, created.Metadata.Name));

        static PackageRevision Revision(string ns, string repository)
        {
            var pr = EngineContext.NewRevision("pkg", "ws", repository);
            pr.Metadata.Namespace = ns;
            return pr;
        }
    }

    private static async Task<(int Successes, List<PorchException> Conflicts, List<PorchException> Other)> Outcomes(IEnumerable<Task<PackageRevision>> tasks)
    {
        var successes = 0;
        var conflicts = new List<PorchException>();
        var other = new List<PorchException>();
        foreach (var task in tasks)
        {
            try
            {
                await task;
                successes++;
            }
            catch (PackageRevisionConflictException ex)
            {
                conflicts.Add(ex);
            }
            catch (PackageValidationException ex)
            {
                other.Add(ex);
            }
        }

        return (successes, conflicts, other);
    }
}
