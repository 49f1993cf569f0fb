using Porch.Krm;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Tests;

/// <summary>Porch's injection_test.go (find and validate injection points, conditions and gates, injection), same texts.</summary>
public sealed class ConfigInjectionTests
{
    private const string Kptfile = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: prr\ninfo:\n  description: Example\n";

    private static string ConfigMap(string name, string annotation, string data = "foo: bar") =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  annotations:\n    kpt.dev/config-injection: {annotation}\ndata:\n  {data}\n";

    private static PackageVariant Pv(params InjectionSelector[] injectors) => new()
    {
        Metadata = new() { Name = "my-pv", Namespace = "default" },
        Spec = new PackageVariantSpec { Injectors = [.. injectors] },
    };

    private static async Task<Dictionary<string, string>> EnsureAsync(PackageVariant pv, Dictionary<string, string> resources, ClusterObjectRegistry? objects = null)
    {
        await ConfigInjection.EnsureAsync(pv, "default", "prr", resources, objects ?? new ClusterObjectRegistry(), CancellationToken.None);
        return resources;
    }

    [Fact]
    public async Task ValidateInjectionPoints_InvalidAnnotation_PorchText()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => EnsureAsync(Pv(), new() { ["Kptfile"] = Kptfile, ["file.yaml"] = ConfigMap("foo", "invalid") }));
        Assert.Equal("errors in injection points: file.yaml: ConfigMap/foo has invalid \"kpt.dev/config-injection\" annotation value of \"invalid\"", ex.Message);
    }

    [Fact]
    public async Task ValidateInjectionPoints_AmbiguousConditionTypes_EachDuplicateNamed()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => EnsureAsync(Pv(), new()
        {
            ["Kptfile"] = Kptfile,
            ["file.yaml"] = ConfigMap("foo", "optional"),
            ["file2.yaml"] = ConfigMap("foo", "optional"),
            ["file3.yaml"] = ConfigMap("foo", "optional"),
        }));
        Assert.Equal(
            "errors in injection points: duplicate injection conditionType \"config.injection.ConfigMap.foo\" (file.yaml and file2.yaml), duplicate injection conditionType \"config.injection.ConfigMap.foo\" (file2.yaml and file3.yaml)",
            ex.Message);
    }

    [Fact]
    public async Task SetConditionsAndGates_NoInjectionPoints_KptfileUnchangedInContent()
    {
        var resources = await EnsureAsync(Pv(), new() { ["Kptfile"] = Kptfile });
        Assert.Equal(Kptfile, resources["Kptfile"]);
    }

    [Fact]
    public async Task SetConditionsAndGates_RequiredNotInjected_GateAndNoResourceSelected()
    {
        var resources = await EnsureAsync(Pv(new InjectionSelector { Name = "nothing" }), new() { ["Kptfile"] = Kptfile, ["file.yaml"] = ConfigMap("foo", "required") });
        var kptfile = Porch.Krm.Kptfile.Parse(resources["Kptfile"]);
        Assert.Equal(
            Kptfile + "  readinessGates:\n  - conditionType: config.injection.ConfigMap.foo\nstatus:\n  conditions:\n  - type: config.injection.ConfigMap.foo\n    status: \"False\"\n    reason: NoResourceSelected\n    message: no in-cluster resources of type v1.ConfigMap\n",
            resources["Kptfile"]);
        Assert.NotNull(kptfile.Status);
    }

    [Fact]
    public async Task SetConditionsAndGates_OptionalNoInjectors_NoInjectorsDefined()
    {
        var resources = await EnsureAsync(Pv(), new() { ["Kptfile"] = Kptfile, ["file.yaml"] = ConfigMap("foo", "optional") });
        Assert.Contains("reason: NoResourceSelected\n    message: no injectors defined\n", resources["Kptfile"], StringComparison.Ordinal);
        Assert.DoesNotContain("readinessGates", resources["Kptfile"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_MatchingInClusterConfigMap_DataInjectedAndConditionTrue()
    {
        var objects = new ClusterObjectRegistry();
        objects.AddOrUpdate(KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: default\ndata:\n  foo: other\n"));
        objects.AddOrUpdate(KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: my-injected-resource\n  namespace: default\ndata:\n  foo: injected\n  extra: value\n"));
        var resources = await EnsureAsync(
            Pv(new InjectionSelector { Kind = "Deployment", Name = "other" }, new InjectionSelector { Kind = "ConfigMap", Name = "my-injected-resource" }),
            new() { ["Kptfile"] = Kptfile, ["file.yaml"] = ConfigMap("foo", "required") },
            objects);
        Assert.Equal(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: foo\n  annotations:\n    kpt.dev/config-injection: required\n    kpt.dev/injected-resource: my-injected-resource\ndata:\n  foo: injected\n  extra: value\n",
            resources["file.yaml"]);
        Assert.Contains("  - type: config.injection.ConfigMap.foo\n    status: \"True\"\n    reason: ConfigInjected\n    message: injected resource \"my-injected-resource\" from cluster\n", resources["Kptfile"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetConditionsAndGates_ExistingGatesAndConditions_MergedAndSorted()
    {
        var kptfile = Kptfile + "  readinessGates:\n  - conditionType: test\n  - conditionType: test3\nstatus:\n  conditions:\n  - type: test\n    status: \"False\"\n    reason: test\n    message: test\n  - type: test2\n    status: \"True\"\n    reason: test2\n    message: test2\n";
        var resources = await EnsureAsync(Pv(new InjectionSelector { Name = "x" }), new() { ["Kptfile"] = kptfile, ["file.yaml"] = ConfigMap("foo", "required") });
        var text = resources["Kptfile"];
        Assert.Contains("  readinessGates:\n  - conditionType: config.injection.ConfigMap.foo\n  - conditionType: test\n  - conditionType: test3\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("type: config.injection.ConfigMap.foo", StringComparison.Ordinal) < text.IndexOf("type: test\n", StringComparison.Ordinal));
        Assert.True(text.IndexOf("type: test\n", StringComparison.Ordinal) < text.IndexOf("type: test2", StringComparison.Ordinal));
    }
}
