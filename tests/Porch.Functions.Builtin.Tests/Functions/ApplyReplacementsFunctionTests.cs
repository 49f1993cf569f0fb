namespace Porch.Functions.Builtin.Tests.Functions;

public sealed class ApplyReplacementsFunctionTests
{
    private const string Resources = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          release: v1-7
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            tier: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: 'nginx:1.2'
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: canary
          labels:
            tier: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx:1.2
        """;

    [Fact]
    public async Task Run_DelimiterIndexSelectorsAndCreate_AppliesKustomizeSemantics()
    {
        const string config = """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: ApplyReplacements
            metadata: {name: wire-tags}
            replacements:
              - source: {kind: ConfigMap, name: settings, fieldPath: data.release, options: {delimiter: "-", index: 1}}
                targets:
                  - select: {kind: Deployment, labelSelector: tier=web}
                    reject: [{name: canary}]
                    fieldPaths: ["spec.template.spec.containers.[name=app].image"]
                    options: {delimiter: ":", index: 1}
              - sourceValue: platform-team
                targets:
                  - select: {kind: Deployment}
                    fieldPaths: ["metadata.annotations.[example.com/owner]"]
                    options: {create: true}
            """;

        var output = FunctionHarness.Yaml(await FunctionHarness.RunAsync("apply-replacements", Resources, config));

        Assert.Contains("image: 'nginx:7'", output, StringComparison.Ordinal);
        Assert.Contains("image: nginx:1.2", output, StringComparison.Ordinal);
        Assert.True(output.Split("example.com/owner: platform-team").Length - 1 == 2, output);
    }

    [Theory]
    [InlineData("source: {kind: ConfigMap, fieldPath: data.missing}", "targets: [{select: {kind: Deployment}}]", "fieldPath `data.missing` is missing for replacement source ConfigMap.[noVer].[noGrp]/[noName].[noNs]")]
    [InlineData("source: {kind: Deployment}", "targets: [{select: {kind: Deployment}}]", "multiple matches for selector Deployment.[noVer].[noGrp]/[noName].[noNs]:metadata.name")]
    [InlineData("source: {kind: Secret}", "targets: [{select: {kind: Deployment}}]", "nothing selected by Secret.[noVer].[noGrp]/[noName].[noNs]:metadata.name")]
    [InlineData("source: {kind: ConfigMap, fieldPath: data.release}", "targets: [{select: {name: web}, fieldPaths: [spec.nothing.here]}]", "unable to find field \"spec.nothing.here\" in replacement target")]
    [InlineData("sourceValue: x\n    source: {kind: ConfigMap}", "targets: [{select: {kind: Deployment}}]", "value and resource selectors are mutually exclusive")]
    [InlineData("source: {kind: ConfigMap}", "targets: []", "replacements must specify a source and at least one target")]
    [InlineData("source: {kind: ConfigMap}", "targets: [{fieldPaths: [a]}]", "target must specify resources to select")]
    public async Task Run_InvalidReplacement_FailsWithKustomizeMessage(string source, string targets, string message)
    {
        var config = $"apiVersion: fn.kpt.dev/v1alpha1\nkind: ApplyReplacements\nmetadata:\n  name: r\nreplacements:\n  - {source}\n    {targets}\n";

        var ex = await FunctionHarness.FailAsync("apply-replacements", Resources, config);

        var result = Assert.Single(Assert.Single(ex.Results!.Items).Results);
        Assert.Equal(message, result.Message);
        Assert.Equal("error", result.Severity);
        Assert.Equal("error: function failure", ex.Message);
    }

    [Fact]
    public async Task Run_WrongConfigKind_FailsNamingIt()
    {
        var ex = await FunctionHarness.FailAsync("apply-replacements", Resources, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

        Assert.Equal("received functionConfig of kind ConfigMap and apiVersion v1, only functionConfig of kind ApplyReplacements and apiVersion fn.kpt.dev/v1alpha1 is supported", ex.Results!.Items[0].Results[0].Message);
    }
}
