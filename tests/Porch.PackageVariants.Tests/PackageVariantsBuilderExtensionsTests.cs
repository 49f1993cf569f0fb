using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>The DI path (STYLE 4.11) and the upstream selection rules, including Porch's -with-workspacename cases.</summary>
public sealed class PackageVariantsBuilderExtensionsTests
{
    [Fact]
    public async Task WithPackageVariants_CalledTwice_OneControllerAndStoreResolve()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPorchEngine().WithPackageVariants().WithPackageVariants();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.Single(provider.GetServices<IHostedService>().OfType<PackageVariantController>());
        Assert.Same(provider.GetRequiredService<PackageVariantStore>(), provider.GetRequiredService<PackageVariantStore>());
        Assert.IsType<ClusterObjectRegistry>(provider.GetRequiredService<IClusterObjectSource>());
    }

    [Fact]
    public async Task WithPackageVariants_InvalidOptions_FailFast()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPorchEngine().WithPackageVariants(o => o.MinRetryDelay = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PackageVariantControllerOptions>>().Value);
    }

    private static PackageRevision Pr(string repo, string package, string workspace, int revision, PackageRevisionLifecycle lifecycle) => new()
    {
        Metadata = new ObjectMeta { Name = $"{repo}.{package}.{workspace}" },
        Spec = new PackageRevisionSpec { Repository = repo, PackageName = package, WorkspaceName = workspace, Revision = revision, Lifecycle = lifecycle },
    };

    private static readonly PackageRevision[] Upstreams =
    [
        Pr("blueprints", "foo", "main", -1, PackageRevisionLifecycle.Published),
        Pr("blueprints", "foo", "v1", 1, PackageRevisionLifecycle.Published),
        Pr("blueprints", "foo", "v2", 2, PackageRevisionLifecycle.Published),
        Pr("blueprints", "foo", "wip", 0, PackageRevisionLifecycle.Draft),
        Pr("blueprints", "bar", "v3", 3, PackageRevisionLifecycle.Published),
    ];

    [Theory]
    [InlineData(0, null, "blueprints.foo.v2")]      // the latest published revision
    [InlineData(1, null, "blueprints.foo.v1")]      // by revision number
    [InlineData(0, "wip", "blueprints.foo.wip")]    // by workspace name (the -with-workspacename tests)
    [InlineData(1, "v2", "blueprints.foo.v2")]      // the workspace name wins
    [InlineData(7, null, null)]
    [InlineData(0, "nope", null)]
    public void FindUpstream_RevisionOrWorkspaceName(int revision, string? workspace, string? expected) =>
        Assert.Equal(expected, PackageVariantReconciler.FindUpstream(new Upstream { Repo = "blueprints", Package = "foo", Revision = revision, WorkspaceName = workspace }, Upstreams)?.Metadata.Name);

    [Fact]
    public void UpstreamNotFound_PorchText() =>
        Assert.Equal("could not find upstream package revision 'foo/7' in repo 'blueprints'", PackageVariantReconciler.UpstreamNotFound(new Upstream { Repo = "blueprints", Package = "foo", Revision = 7 }));

    [Theory]
    [InlineData(null, 2, true)]                       // no upstream lock: Porch assumes up to date
    [InlineData("foo/v2", 2, true)]
    [InlineData("foo/v1", 2, false)]
    [InlineData("drafts/foo/wip", 2, false)]          // a draft upstream always needs an update
    public void IsUpToDate_UpstreamLockRevision(string? reference, int target, bool expected)
    {
        var downstream = new PackageRevision { Status = new PackageRevisionStatus { UpstreamLock = reference is null ? null : new Locator { Git = new GitLock { Ref = reference } } } };
        Assert.Equal(expected, PackageVariantReconciler.IsUpToDate(new PackageRevision { Spec = new PackageRevisionSpec { Revision = target } }, downstream));
    }
}
