using Porch.Engine;
using Porch.Engine.Api;
using Porch.PackageVariants.Api;

namespace Porch.PackageVariants.Tests;

/// <summary>
/// The controllers end to end on real Git repositories: Porch's e2e flow of a PackageVariant (create, upgrade,
/// delete with policy delete) and of a PackageVariantSet over labelled repositories.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PackageVariantEndToEndTests
{
    private static bool IsReady(PackageVariant? pv) =>
        pv?.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == ConditionStatus.True) == true;

    [Fact]
    public async Task PackageVariant_CreatesThenUpgradesThenProposesDeletion()
    {
        await using var host = await ControllerHost.StartAsync();
        host.AddRepository("blueprints");
        host.AddRepository("deployments");
        var v1 = await host.PublishBlueprintAsync("blueprints", "web", "one");

        host.Store.CreatePackageVariant(new PackageVariant
        {
            Metadata = new ObjectMeta { Namespace = ControllerHost.Ns, Name = "web-prod" },
            Spec = new PackageVariantSpec
            {
                Upstream = new Upstream { Repo = "blueprints", Package = "web" },
                Downstream = new Downstream { Repo = "deployments", Package = "web-prod" },
                Labels = new() { ["env"] = "prod" },
                PackageContext = new PackageContext { Data = new() { ["env"] = "prod" } },
                Pipeline = new PipelineSpec { Mutators = [new FunctionSpec { Image = ControllerHost.SetNamespaceImage, Name = "set-ns", ConfigMap = new() { ["namespace"] = "prod" } }] },
            },
        });

        // 1. Create: a draft cloned from v1 into deployments, owned by the variant, edited as the spec says.
        PackageRevision? draft = null;
        await host.WaitForAsync("the first downstream draft", async () =>
        {
            var pv = host.Store.GetPackageVariant(ControllerHost.Ns, "web-prod");
            if (!IsReady(pv) || pv!.Status.DownstreamTargets is not [var target])
            {
                return false;
            }

            draft = (await host.RevisionsAsync("deployments")).SingleOrDefault(r => r.Metadata.Name == target.Name);
            return draft is not null;
        });
        var variant = host.Store.GetPackageVariant(ControllerHost.Ns, "web-prod")!;
        Assert.Contains(PackageVariantApi.Finalizer, variant.Metadata.Finalizers);
        Assert.Equal(PackageRevisionLifecycle.Draft, draft!.Spec.Lifecycle);
        Assert.Equal("packagevariant-1", draft.Spec.WorkspaceName);
        Assert.Equal("web-prod", draft.Spec.PackageName);
        var owner = Assert.Single(draft.Metadata.OwnerReferences);
        Assert.Equal((variant.Metadata.Uid, "PackageVariant", true), (owner.Uid, owner.Kind, owner.Controller));
        Assert.Equal("prod", draft.Metadata.Labels["env"]);
        var resources = await host.Engine.GetPackageRevisionResourcesAsync(ControllerHost.Ns, draft.Metadata.Name!);
        Assert.Contains("env: prod", resources.Spec.Resources["package-context.yaml"], StringComparison.Ordinal);
        Assert.Contains("name: PackageVariant.web-prod.set-ns.0", resources.Spec.Resources["Kptfile"], StringComparison.Ordinal);
        Assert.Contains("namespace: prod", resources.Spec.Resources["cm.yaml"], StringComparison.Ordinal);
        Assert.Contains(variant.Status.Conditions!, c => c.Type == "Stalled" && c.Status == ConditionStatus.False && c.Reason == "Valid" && c.Message == "all validation checks passed");
        Assert.Contains(variant.Status.Conditions!, c => c.Type == "Ready" && c.Reason == "NoErrors" && c.Message == "successfully ensured downstream package variant");

        // A person approves it; the variant stays on it (nothing left to change).
        await host.Engine.ProposeAsync(ControllerHost.Ns, draft.Metadata.Name!);
        var published = await host.Engine.ApproveAsync(ControllerHost.Ns, draft.Metadata.Name!);
        await host.WaitForAsync("the variant to settle on the published revision", () =>
            Task.FromResult(host.Store.GetPackageVariant(ControllerHost.Ns, "web-prod")?.Status.DownstreamTargets is [var t] && t.Name == published.Metadata.Name));
        Assert.DoesNotContain(await host.RevisionsAsync("deployments"), r => r.Spec.Lifecycle == PackageRevisionLifecycle.Draft);

        // 2. Upgrade: a new upstream revision makes an upgrade draft of the published downstream.
        await host.PublishNextAsync(v1, "v2", "two");
        PackageRevision? upgrade = null;
        await host.WaitForAsync("the upgrade draft", async () =>
        {
            upgrade = (await host.RevisionsAsync("deployments")).FirstOrDefault(r => r.Spec.Lifecycle == PackageRevisionLifecycle.Draft);
            var pv = host.Store.GetPackageVariant(ControllerHost.Ns, "web-prod");
            return upgrade is not null && IsReady(pv) && pv!.Status.DownstreamTargets is [var t] && t.Name == upgrade.Metadata.Name;
        });
        Assert.Equal("packagevariant-2", upgrade!.Spec.WorkspaceName);
        Assert.EndsWith("/v2", upgrade.Status.UpstreamLock?.Git?.Ref, StringComparison.Ordinal);
        var upgraded = await host.Engine.GetPackageRevisionResourcesAsync(ControllerHost.Ns, upgrade.Metadata.Name!);
        Assert.Contains("value: two", upgraded.Spec.Resources["cm.yaml"], StringComparison.Ordinal);
        Assert.Contains("namespace: prod", upgraded.Spec.Resources["cm.yaml"], StringComparison.Ordinal);
        Assert.Contains("env: prod", upgraded.Spec.Resources["package-context.yaml"], StringComparison.Ordinal);

        // 3. Delete with deletionPolicy delete: the draft is deleted, the published revision proposed for deletion and orphaned.
        host.Store.DeletePackageVariant(ControllerHost.Ns, "web-prod");
        await host.WaitForAsync("the variant to go", () => Task.FromResult(host.Store.GetPackageVariant(ControllerHost.Ns, "web-prod") is null));
        // Porch's placeholder revision of the package's main branch ("main", revision -1) is no variant's.
        var left = Assert.Single(await host.RevisionsAsync("deployments"), r => r.Spec.WorkspaceName != "main");
        Assert.Equal(published.Metadata.Name, left.Metadata.Name);
        Assert.Equal(PackageRevisionLifecycle.DeletionProposed, left.Spec.Lifecycle);
        Assert.Empty(left.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task PackageVariantSet_ThreeRepositories_ThreeVariants_DroppingOneRemovesIt()
    {
        await using var host = await ControllerHost.StartAsync();
        host.AddRepository("blueprints");
        host.AddRepository("edge-a", new Dictionary<string, string> { ["fleet"] = "edge" });
        host.AddRepository("edge-b", new Dictionary<string, string> { ["fleet"] = "edge" });
        host.AddRepository("edge-c", new Dictionary<string, string> { ["fleet"] = "edge", ["tier"] = "canary" });
        host.AddRepository("core", new Dictionary<string, string> { ["fleet"] = "core" });
        await host.PublishBlueprintAsync("blueprints", "web", "one");

        var set = host.Store.CreatePackageVariantSet(new PackageVariantSet
        {
            Metadata = new ObjectMeta { Namespace = ControllerHost.Ns, Name = "web-fleet" },
            Spec = new PackageVariantSetSpec
            {
                Upstream = new Upstream { Repo = "blueprints", Package = "web" },
                Targets =
                [
                    new PackageVariantSetTarget
                    {
                        RepositorySelector = new LabelSelectorSpec { MatchLabels = new() { ["fleet"] = "edge" } },
                        Template = new PackageVariantTemplate
                        {
                            Downstream = new DownstreamTemplate { PackageExpr = "'web-' + repository.name" },
                            LabelExprs = [new MapExpr { Key = "fleet", ValueExpr = "repository.labels['fleet']" }],
                        },
                    },
                ],
            },
        });

        await host.WaitForAsync("three ready variants with drafts", async () =>
        {
            var variants = host.Store.ListPackageVariants(ControllerHost.Ns);
            if (variants.Count != 3 || !variants.All(IsReady))
            {
                return false;
            }

            foreach (var repo in new[] { "edge-a", "edge-b", "edge-c" })
            {
                if ((await host.RevisionsAsync(repo)).Count != 1)
                {
                    return false;
                }
            }

            return true;
        });
        var names = host.Store.ListPackageVariants(ControllerHost.Ns).Select(v => v.Metadata.Name).ToList();
        Assert.Equal(["web-fleet-edge-a-web-edge-a", "web-fleet-edge-b-web-edge-b", "web-fleet-edge-c-web-edge-c"], names);
        var c = Assert.Single(await host.RevisionsAsync("edge-c"));
        Assert.Equal("web-edge-c", c.Spec.PackageName);
        Assert.Equal("edge", c.Metadata.Labels["fleet"]);
        Assert.Empty(await host.RevisionsAsync("core"));
        var pvsStatus = host.Store.GetPackageVariantSet(ControllerHost.Ns, "web-fleet")!.Status.Conditions!;
        Assert.Contains(pvsStatus, x => x.Type == "Ready" && x.Status == ConditionStatus.True && x.Reason == "Reconciled" && x.Message == "package variants successfully reconciled");

        // Drop edge-c from the selector: its variant goes, and with it (deletionPolicy delete) its draft.
        // The controller writes the set's status meanwhile: read, change, write again on a stale version (client-go's RetryOnConflict).
        while (true)
        {
            set = host.Store.GetPackageVariantSet(ControllerHost.Ns, "web-fleet")!;
            set.Spec.Targets![0].RepositorySelector!.MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "DoesNotExist" }];
            try
            {
                host.Store.UpdatePackageVariantSet(set);
                break;
            }
            catch (Porch.Engine.Errors.PackageRevisionConflictException)
            {
                // A status write landed between the read and the write; read the new version.
            }
        }

        await host.WaitForAsync("two variants and no edge-c draft", async () =>
            host.Store.ListPackageVariants(ControllerHost.Ns).Count == 2 && (await host.RevisionsAsync("edge-c")).Count == 0);
        Assert.Single(await host.RevisionsAsync("edge-a"));
        Assert.Single(await host.RevisionsAsync("edge-b"));
    }
}
