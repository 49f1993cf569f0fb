using Porch.Krm;

namespace Porch.Functions.Builtin.Tests.Functions;

/// <summary>
/// The order of a function's output items and results, as the catalog's functions give them: functions built on the KRM
/// functions SDK (fn.AsMain: set-namespace, set-labels, apply-replacements, starlark) write their items through
/// ResourceList.ToYAML, which sorts them by "apiVersion kind namespace name"; functions on kyaml's framework keep the
/// input order.
/// </summary>
public sealed class OutputOrderTests
{
    private const string Items = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n---\n"
        + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";

    [Theory]
    [InlineData("set-namespace", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  namespace: ns\n")]
    [InlineData("set-labels", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  tier: web\n")]
    public async Task SdkResourceListToYaml_Functions_SortItemsByApiVersionKindNamespaceName(string function, string config)
    {
        var output = await FunctionHarness.RunAsync(function, Items, config);

        Assert.Equal(["apps/v1 Deployment web", "kpt.dev/v1 Kptfile app", "v1 ConfigMap a", "v1 Service b"], output.Items.Select(i => $"{i.ApiVersion} {i.Kind} {i.Name}"));
    }

    [Fact]
    public async Task KyamlFramework_SetAnnotations_KeepsInputOrder()
    {
        var output = await FunctionHarness.RunAsync("set-annotations", Items, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n");

        Assert.Equal(["Kptfile", "Service", "Deployment", "ConfigMap"], output.Items.Select(i => i.Kind));
    }

    /// <summary>
    /// set-annotations' annotations_transformer.go keys one result by file path, file index and field path, and
    /// resultsToItems ends with kyaml's Results.Sort (file path, then index, then the result's text).
    /// </summary>
    [Fact]
    public async Task SetAnnotationsResults_SortedByFileIndexAndField()
    {
        var runner = await FunctionHarness.Runtime().GetRunnerAsync(new KptFunction { Image = "ghcr.io/kptdev/krm-functions-catalog/set-annotations:v1" });
        var input = new ResourceList { FunctionConfig = KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  foo: bar\n") };
        foreach (var (yaml, path, index) in new[]
        {
            ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata: {}\n", "resources.yaml", "0"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", "resources.yaml", "1"),
            ("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n", "Kptfile", "0"),
        })
        {
            var obj = KubeObject.Parse(yaml);
            obj.SetAnnotation(KrmAnnotations.Path, path);
            obj.SetAnnotation(KrmAnnotations.Index, index);
            input.Items.Add(obj);
        }

        var output = await runner!.RunAsync(input);

        Assert.Equal(
            ["Kptfile metadata.annotations", "resources.yaml metadata.annotations", "resources.yaml spec.template.metadata.annotations", "resources.yaml:1 metadata.annotations"],
            output.Results.Select(r => r.FilePath + (r.FileIndex is { } i ? ":" + i : "") + " " + r.FieldPath));
        Assert.All(output.Results, r => Assert.Equal("set annotations: {\"foo\":\"bar\"}", r.Message));
    }
}
