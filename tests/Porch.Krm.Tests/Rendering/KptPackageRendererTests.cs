using Microsoft.Extensions.Logging.Abstractions;
using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Rendering;

namespace Porch.Krm.Tests.Rendering;

public sealed class KptPackageRendererTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n";

    private static string Kptfile(string pipeline, string annotations = "") =>
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n" + annotations + "pipeline:\n" + pipeline;

    private static KptPackageRenderer Renderer(DelegateFunctionRuntime runtime) => new([runtime], NullLogger<KptPackageRenderer>.Instance);

    private static ResourceList SetReplicas(ResourceList input, string value)
    {
        var output = DelegateFunctionRuntime.Copy(input);
        foreach (var item in output.Items.Where(i => i.Kind == "Deployment"))
        {
            item.SetNode(YamlNode.Scalar(value, YamlScalarStyle.Plain), "spec", "replicas");
        }

        output.Results.Add(new KrmResult { Message = "replicas set", Severity = "info" });
        return output;
    }

    [Fact]
    public async Task RenderAsync_Mutator_WritesResourcesAndRenderedStatus()
    {
        var runtime = new DelegateFunctionRuntime().Add("replicas", i => SetReplicas(i, "3"));
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: replicas:v1\n"), ["app.yaml"] = Deployment, ["README.md"] = "# not KRM\n" };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("replicas: 3", result.Files["app.yaml"], StringComparison.Ordinal);
        Assert.Equal("# not KRM\n", result.Files["README.md"]);
        Assert.Contains("reason: RenderSuccess", result.Files["Kptfile"], StringComparison.Ordinal);
        Assert.Contains("image: ghcr.io/kptdev/krm-functions-catalog/replicas:v1", result.Files["Kptfile"], StringComparison.Ordinal);
        var item = Assert.Single(result.Results.Items);
        Assert.Equal("ghcr.io/kptdev/krm-functions-catalog/replicas:v1", item.Image);
        Assert.Equal("replicas set", Assert.Single(item.Results).Message);
        Assert.DoesNotContain("internal.config.kubernetes.io", result.Files["app.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_UnknownImage_FailsNamingTheImageAndLeavesResourcesUnchanged()
    {
        var runtime = new DelegateFunctionRuntime();
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: gcr.io/example/missing:v2\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Equal("pkg.render: pkg .:\n\tpipeline.run: function runtime failed to evaluate function \"gcr.io/example/missing:v2\": function \"gcr.io/example/missing:v2\" not found", result.Error);
        Assert.Equal(Deployment, result.Files["app.yaml"]);
        Assert.Equal(1, result.Results.ExitCode);
        Assert.Contains("executionError: 'function runtime failed to evaluate function", result.Files["Kptfile"], StringComparison.Ordinal);
        Assert.Contains("reason: RenderFailed", result.Files["Kptfile"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_InvalidFunctionConfig_FailsWithKptValidationTextAndChangesNothing()
    {
        var runtime = new DelegateFunctionRuntime().Add("replicas", i => SetReplicas(i, "3"));
        var kptfile = Kptfile("  mutators:\n    - image: replicas:v1\n      configPath: config.yaml\n      configMap:\n        a: b\n");
        var files = new Dictionary<string, string> { ["Kptfile"] = kptfile, ["app.yaml"] = Deployment, ["config.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n" };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Contains("Kptfile is invalid:\nField: `pipeline.mutators[0]`\nReason: functionConfig must not specify both `configMap` and `configPath` at the same time", result.Error, StringComparison.Ordinal);
        Assert.Equal(files, result.Files);
        Assert.Empty(runtime.Calls);
    }

    [Fact]
    public async Task RenderAsync_MissingConfigPath_FailsWithOpenError()
    {
        var runtime = new DelegateFunctionRuntime().Add("replicas", i => SetReplicas(i, "3"));
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: replicas:v1\n      configPath: nope.yaml\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.Contains("Reason: failed to open functionConfig from path \"nope.yaml\": open nope.yaml: no such file or directory", result.Error, StringComparison.Ordinal);
        Assert.Equal(files, result.Files);
    }

    [Fact]
    public async Task RenderAsync_MalformedYaml_ErrorNamesFileAndLine()
    {
        var runtime = new DelegateFunctionRuntime().Add("replicas", i => SetReplicas(i, "3"));
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("  mutators:\n    - image: replicas:v1\n"),
            ["app.yaml"] = Deployment,
            ["broken/bad.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n",
        };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Matches(@"broken/bad\.yaml:\d+", result.Error);
        Assert.Equal(Deployment, result.Files["app.yaml"]);
        Assert.Empty(runtime.Calls);
    }

    [Fact]
    public async Task RenderAsync_FailingValidator_FailsAndLeavesResourcesUnchanged()
    {
        var runtime = new DelegateFunctionRuntime()
            .Add("replicas", i => SetReplicas(i, "5"))
            .Add("deny", _ => throw new FunctionEvaluationException("error: function failure", new FunctionResultList
            {
                Items = [new FunctionResult { ExitCode = 1, Results = [new ResultItem { Message = "replicas must be 1", Severity = "error" }] }],
            }));
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: replicas:v1\n  validators:\n    - image: deny:v1\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Equal("pkg.render: pkg .:\n\tpipeline.run: already handled error", result.Error);
        Assert.Equal(Deployment, result.Files["app.yaml"]);
        Assert.Equal(["replicas", "deny"], runtime.Calls);
        var failed = result.Results.Items[^1];
        Assert.Equal("ghcr.io/kptdev/krm-functions-catalog/deny:v1", failed.Image);
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("replicas must be 1", Assert.Single(failed.Results).Message);
        Assert.Contains("errorSummary: 'ghcr.io/kptdev/krm-functions-catalog/deny:v1: exit code 1'", result.Files["Kptfile"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_ThrowingFunction_ReportsItsMessageAsResultWithoutThrowing()
    {
        var runtime = new DelegateFunctionRuntime().Add("boom", _ => throw new InvalidOperationException("the function blew up"));
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: boom:v1\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Contains("the function blew up", result.Error, StringComparison.Ordinal);
        var item = Assert.Single(result.Results.Items);
        Assert.Equal("the function blew up", Assert.Single(item.Results).Message);
        Assert.Equal(Deployment, result.Files["app.yaml"]);
    }

    [Fact]
    public async Task RenderAsync_SaveOnRenderFailure_KeepsOutputOfCompletedSteps()
    {
        var runtime = new DelegateFunctionRuntime()
            .Add("replicas", i => SetReplicas(i, "7"))
            .Add("boom", _ => throw new FunctionEvaluationException("error: function failure"));
        var annotations = "  annotations:\n    kpt.dev/save-on-render-failure: \"true\"\n";
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: replicas:v1\n    - image: boom:v1\n", annotations), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Contains("replicas: 7", result.Files["app.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_SubpackagesAndSelectors_RunsDepthFirstOnSelectedResources()
    {
        var seen = new List<string>();
        var runtime = new DelegateFunctionRuntime().Add("record", input =>
        {
            seen.Add(string.Join(",", input.Items.Select(i => i.Name)));
            return DelegateFunctionRuntime.Copy(input);
        });
        var sub = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: db\npipeline:\n  mutators:\n    - image: record:v1\n";
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("  mutators:\n    - image: record:v1\n      selectors:\n        - kind: Deployment\n"),
            ["app.yaml"] = Deployment,
            ["db/Kptfile"] = sub,
            ["db/db.yaml"] = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n",
            [".krmignore"] = "ignored.yaml\n",
            ["ignored.yaml"] = "not: [valid, krm\n",
        };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["db,db", "web"], seen);
        Assert.Equal("not: [valid, krm\n", result.Files["ignored.yaml"]);
        Assert.DoesNotContain("status:", result.Files["db/Kptfile"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_GeneratedResource_GetsKptDefaultPath()
    {
        var runtime = new DelegateFunctionRuntime().Add("gen", input =>
        {
            var output = DelegateFunctionRuntime.Copy(input);
            var cm = KubeObject.Create("v1", "ConfigMap", "generated");
            cm.Namespace = "prod";
            output.Items.Add(cm);
            return output;
        });
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: gen:v1\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: generated\n  namespace: prod\n", result.Files["prod/configmap_generated.yaml"]);
    }

    [Fact]
    public async Task RenderAsync_FunctionDeletesResource_PrunesItsFile()
    {
        var runtime = new DelegateFunctionRuntime().Add("drop", input =>
        {
            var output = DelegateFunctionRuntime.Copy(input);
            foreach (var item in output.Items.Where(i => i.Kind == "Deployment").ToList())
            {
                output.Items.Remove(item);
            }

            return output;
        });
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - image: drop:v1\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.True(result.Succeeded, result.Error);
        Assert.False(result.Files.ContainsKey("app.yaml"));
    }

    [Fact]
    public async Task RenderAsync_NoKptfile_ReturnsFilesUnchanged()
    {
        var files = new Dictionary<string, string> { ["app.yaml"] = Deployment };

        var result = await Renderer(new DelegateFunctionRuntime()).RenderAsync(files);

        Assert.True(result.Succeeded);
        Assert.Same(files, result.Files);
    }

    [Fact]
    public async Task RenderAsync_ExecFunction_IsRefused()
    {
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("  mutators:\n    - exec: ./fn\n"), ["app.yaml"] = Deployment };

        var result = await Renderer(new DelegateFunctionRuntime()).RenderAsync(files);

        Assert.Contains("must run with `--allow-exec` option to allow running function binaries", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// kpt's render executor with an output writer (<c>fn render -o stdout|unwrap</c>): the root's resources after the
    /// pipelines, path annotations (both keys) rewritten relative to the root by adjustRelPath, the package-path
    /// annotation removed, and nothing for a failed render.
    /// </summary>
    [Fact]
    public async Task RenderAsync_Subpackage_ResourcesCarryRootRelativePathsWithoutPackagePath()
    {
        var runtime = new DelegateFunctionRuntime().Add("replicas", i => SetReplicas(i, "3"));
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("  mutators:\n    - image: replicas:v1\n"),
            ["app.yaml"] = Deployment,
            ["sub/Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: sub\n",
            ["sub/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        };

        var result = await Renderer(runtime).RenderAsync(files);

        Assert.True(result.Succeeded, result.Error);
        var config = Assert.Single(result.Resources, r => r.Kind == "ConfigMap");
        Assert.Equal("sub/cm.yaml", config.GetAnnotation(KrmAnnotations.Path));
        Assert.Equal("sub/cm.yaml", config.GetAnnotation(KrmAnnotations.LegacyPath));
        Assert.All(result.Resources, r => Assert.Null(r.GetAnnotation(KrmAnnotations.PackagePath)));
        Assert.Equal("3", Assert.Single(result.Resources, r => r.Kind == "Deployment").Root.Get("spec")!.Get("replicas")!.Value);

        var failing = new DelegateFunctionRuntime().Add("replicas", _ => throw new FunctionEvaluationException("error: function failure"));
        var failed = await Renderer(failing).RenderAsync(files);
        Assert.False(failed.Succeeded);
        Assert.Empty(failed.Resources);
    }
}
