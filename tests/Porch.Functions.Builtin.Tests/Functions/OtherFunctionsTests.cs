namespace Porch.Functions.Builtin.Tests.Functions;

public sealed class OtherFunctionsTests
{
    [Fact]
    public async Task SetNamespace_SetNamespaceConfigWithMatcher_ChangesOnlyMatches()
    {
        const string items = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: old\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  namespace: other\n";
        const string config = "apiVersion: fn.kpt.dev/v1alpha1\nkind: SetNamespace\nmetadata:\n  name: c\nnamespace: new\nnamespaceMatcher: old\n";

        var output = await FunctionHarness.RunAsync("set-namespace", items, config);

        Assert.Equal(["new", "other"], output.Items.Select(i => i.Namespace));
        Assert.Equal("namespace [old] updated to \"new\", 1 value(s) changed", output.Results[0].Message);
    }

    [Fact]
    public async Task SetNamespace_UnknownConfigKind_ReportsErrorButSucceeds()
    {
        var output = await FunctionHarness.RunAsync("set-namespace", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");

        var result = Assert.Single(output.Results);
        Assert.Equal("unknown functionConfig Kind=Secret ApiVersion=v1, expect `ConfigMap.v1` or `SetNamespace.v1alpha1.fn.kpt.dev`", result.Message);
        Assert.Equal("Secret", result.ResourceKind);
    }

    [Fact]
    public async Task ApplySetters_ScalarAndArraySetters_AreApplied()
    {
        const string items = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 1 # kpt-set: ${replicas}\n  image: nginx:1.7.1 # kpt-set: ${image}:${tag}\n  envs: # kpt-set: ${envs}\n  - dev\n";
        const string config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: setters\ndata:\n  replicas: \"3\"\n  tag: 1.8.0\n  envs: \"[stage, prod]\"\n";

        var output = await FunctionHarness.RunAsync("apply-setters", items, config);
        var yaml = FunctionHarness.Yaml(output);

        Assert.Contains("replicas: 3 # kpt-set: ${replicas}", yaml, StringComparison.Ordinal);
        Assert.Contains("image: nginx:1.8.0 # kpt-set: ${image}:${tag}", yaml, StringComparison.Ordinal);
        Assert.Contains("- stage\n", yaml, StringComparison.Ordinal);
        Assert.Contains(output.Results, r => r.Message == "set field value to \"nginx:1.8.0\"" && r.FieldPath == "spec.image" && r.FilePath == "resources.yaml");
    }

    [Fact]
    public async Task ApplySetters_NoMatches_Warns()
    {
        var output = await FunctionHarness.RunAsync("apply-setters", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  x: y\n");

        Assert.Equal("no matches for input setter(s)", Assert.Single(output.Results).Message);
    }

    [Fact]
    public async Task SearchReplace_ByPathAndRegex_PutsValueWithCaptureGroups()
    {
        const string items = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: nginx-1.7\n";
        const string config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sr\ndata:\n  by-path: spec.**.image\n  by-value-regex: nginx-(.*)\n  put-value: ubuntu-${1}\n";

        var output = await FunctionHarness.RunAsync("search-replace", items, config);

        Assert.Contains("image: ubuntu-1.7", FunctionHarness.Yaml(output), StringComparison.Ordinal);
        Assert.Equal("Mutated field value to \"ubuntu-1.7\"", Assert.Single(output.Results).Message);
        Assert.Equal("spec.template.spec.containers[0].image", output.Results[0].FieldPath);
    }

    [Fact]
    public async Task SearchReplace_InvalidMatcher_Fails()
    {
        var ex = await FunctionHarness.FailAsync("search-replace", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  by-colour: red\n");

        Assert.StartsWith("failed to perform search-replace operation: \"invalid matcher \\\"by-colour\\\"", ex.Results!.Items[0].Results[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureNameSubstring_Prepend_RenamesAndFixesReferences()
    {
        const string items = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prod-app\nspec:\n  template:\n    spec:\n      volumes:\n      - name: v\n        configMap:\n          name: cfg\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n";

        var output = await FunctionHarness.RunAsync("ensure-name-substring", items, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\ndata:\n  prepend: prod-\n");

        Assert.Equal(["prod-cfg", "prod-app", "ns"], output.Items.Select(i => i.Name));
        Assert.Contains("name: prod-cfg", FunctionHarness.Yaml(output).Split("---")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureNameSubstring_TwoEntries_Fails()
    {
        var ex = await FunctionHarness.FailAsync("ensure-name-substring", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\ndata:\n  prepend: a\n  append: b\n");

        Assert.Equal("failed to load the `functionConfig`: only 1 entry is allowed in the ConfigMap, but got: 2", ex.Results!.Items[0].Results[0].Message);
    }

    [Fact]
    public async Task SetLabels_CronJob_LabelsJobAndPodTemplates()
    {
        const string items = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {}\n";

        var output = await FunctionHarness.RunAsync("set-labels", items, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l\ndata:\n  app: x\n");

        Assert.Equal("x", output.Items[0].GetString("spec", "jobTemplate", "spec", "template", "metadata", "labels", "app"));
        Assert.Equal("x", output.Items[0].GetString("spec", "jobTemplate", "metadata", "labels", "app"));
        Assert.Equal("set 4 labels in total", output.Results[0].Message);
    }
}
