using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace Porch.Engine.Tests.Engine;

public sealed class ListTests
{
    private const string Ns = EngineContext.Ns;

    private static async Task<EngineContext> PopulatedAsync()
    {
        var ctx = EngineContext.Create();
        var v1 = await ctx.PublishAsync("app");
        await ctx.Engine.CopyAsync(Ns, v1.Metadata.Name!, "v2");
        var labelled = EngineContext.NewRevision("net/vpc", "ws1");
        labelled.Metadata.Labels["team"] = "net";
        labelled.Spec.PackageMetadata = new PackageMetadata { Labels = { ["tier"] = "gold" } };
        await ctx.Engine.CreatePackageRevisionAsync(labelled);
        ctx.Harness.AddRepository("other");
        await ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("app", "v1", "other"));
        return ctx;
    }

    public static TheoryData<string, PackageRevisionFilter, string[]> Filters() => new()
    {
        { "all", new PackageRevisionFilter(), ["blueprints.app.main", "blueprints.app.v1", "blueprints.app.v2", "blueprints.net.vpc.ws1", "other.app.v1"] },
        { "namespace", new PackageRevisionFilter { Namespace = "elsewhere" }, [] },
        { "repository", new PackageRevisionFilter { Repository = "other" }, ["other.app.v1"] },
        { "package", new PackageRevisionFilter { PackageName = "app" }, ["blueprints.app.main", "blueprints.app.v1", "blueprints.app.v2", "other.app.v1"] },
        { "nested package", new PackageRevisionFilter { PackageName = "net/vpc" }, ["blueprints.net.vpc.ws1"] },
        { "workspace", new PackageRevisionFilter { WorkspaceName = "v2" }, ["blueprints.app.v2"] },
        { "revision", new PackageRevisionFilter { Revision = 1 }, ["blueprints.app.v1"] },
        { "placeholder", new PackageRevisionFilter { Revision = -1 }, ["blueprints.app.main"] },
        { "lifecycle", new PackageRevisionFilter { Lifecycles = [PackageRevisionLifecycle.Draft] }, ["blueprints.app.v2", "blueprints.net.vpc.ws1", "other.app.v1"] },
        { "name", new PackageRevisionFilter { Name = "blueprints.app.v2" }, ["blueprints.app.v2"] },
        { "kptfile label", new PackageRevisionFilter { KptfileLabels = new Dictionary<string, string> { ["tier"] = "gold" } }, ["blueprints.net.vpc.ws1"] },
        { "label", new PackageRevisionFilter { Labels = LabelSelector.Parse("team=net") }, ["blueprints.net.vpc.ws1"] },
        { "latest label", new PackageRevisionFilter { Labels = LabelSelector.Parse("kpt.dev/latest-revision=true") }, ["blueprints.app.v1"] },
        { "label absent", new PackageRevisionFilter { Labels = LabelSelector.Parse("!team"), Repository = "blueprints" }, ["blueprints.app.main", "blueprints.app.v1", "blueprints.app.v2"] },
        { "combined", new PackageRevisionFilter { PackageName = "app", Lifecycles = [PackageRevisionLifecycle.Published] }, ["blueprints.app.main", "blueprints.app.v1"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task List_Filter_ReturnsMatching(string scenario, PackageRevisionFilter filter, string[] expected)
    {
        await using var ctx = await PopulatedAsync();
        var list = await ctx.Engine.ListPackageRevisionsAsync(filter);
        Assert.True(expected.SequenceEqual(list.Select(p => p.Metadata.Name!).Order(StringComparer.Ordinal)), scenario + ": " + string.Join(",", list.Select(p => p.Metadata.Name)));
    }

    [Fact]
    public async Task List_Placeholder_NeverLatest()
    {
        await using var ctx = await PopulatedAsync();
        var placeholder = await ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.app.main");
        Assert.Equal(-1, placeholder.Spec.Revision);
        Assert.Equal("main", placeholder.Spec.WorkspaceName);
        Assert.Equal(PackageRevisionLifecycle.Published, placeholder.Spec.Lifecycle);
        Assert.False(placeholder.Metadata.Labels.ContainsKey(PorchApi.LatestRevisionLabel));
    }

    [Fact]
    public async Task ListResources_ReturnsFilesWithSameIdentity()
    {
        await using var ctx = await PopulatedAsync();
        var resources = await ctx.Engine.ListPackageRevisionResourcesAsync(new PackageRevisionFilter { Name = "blueprints.app.v1" });
        var one = Assert.Single(resources);
        var pr = await ctx.Engine.GetPackageRevisionAsync(Ns, "blueprints.app.v1");
        Assert.Equal((pr.Metadata.Uid, pr.Metadata.ResourceVersion), (one.Metadata.Uid, one.Metadata.ResourceVersion));
        Assert.Contains("Kptfile", one.Spec.Resources.Keys);
    }

    [Fact]
    public async Task Packages_ListAndGet()
    {
        await using var ctx = await PopulatedAsync();
        var packages = await ctx.Engine.ListPackagesAsync(new PackageFilter { Repository = "blueprints" });
        Assert.Equal(["blueprints.app 1", "blueprints.net.vpc 0"], packages.Select(p => $"{p.Metadata.Name} {p.Status.LatestRevision}"));
        var app = await ctx.Engine.GetPackageAsync(Ns, "blueprints.app");
        Assert.Equal("app", app.Spec.PackageName);
        await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.GetPackageAsync(Ns, "blueprints.none"));
    }

    [Theory]
    [InlineData("blueprints.app.v9")]
    [InlineData("nope.app.v1")]
    [InlineData("nodots")]
    public async Task Get_Unknown_NotFound(string name)
    {
        await using var ctx = await PopulatedAsync();
        var ex = await Assert.ThrowsAsync<PackageRevisionNotFoundException>(() => ctx.Engine.GetPackageRevisionAsync(Ns, name));
        Assert.Equal($"packagerevisions.porch.kpt.dev \"{name}\" not found", ex.Message);
    }

    [Fact]
    public async Task List_V1Alpha2Repository_Hidden()
    {
        await using var ctx = await PopulatedAsync();
        var repo = ctx.Harness.AddRepository("migrated");
        repo.Metadata.Annotations[PorchApi.V1Alpha2MigrationAnnotation] = "true";
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ctx.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("x", "v1", "migrated")));
        Assert.Equal("repository \"migrated\" is managed by v1alpha2; use the v1alpha2 API", ex.Message);
        Assert.Equal(410, ex.HttpStatusCode);
    }
}
