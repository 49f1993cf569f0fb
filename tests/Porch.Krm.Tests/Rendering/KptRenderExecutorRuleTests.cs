using Microsoft.Extensions.Logging.Abstractions;
using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Rendering;

namespace Porch.Krm.Tests.Rendering;

/// <summary>Rules of kpt's render executor (internal/util/render/executor.go) and kpt's error nesting (pkg/lib/errors).</summary>
public sealed class KptRenderExecutorRuleTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n";

    private static string Kptfile(string name, string pipeline, string annotations = "") =>
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: " + name + "\n" + annotations + (pipeline.Length == 0 ? "" : "pipeline:\n" + pipeline);

    private const string SaveOnFailure = "  annotations:\n    kpt.dev/save-on-render-failure: \"true\"\n";

    private const string Bfs = "  annotations:\n    kpt.dev/bfs-rendering: \"true\"\n    kpt.dev/save-on-render-failure: \"true\"\n";

    private static KptPackageRenderer Renderer(DelegateFunctionRuntime runtime) => new([runtime], NullLogger<KptPackageRenderer>.Instance);

    private static DelegateFunctionRuntime Runtime() => new DelegateFunctionRuntime()
        .Add("replicas", input =>
        {
            var output = DelegateFunctionRuntime.Copy(input);
            foreach (var item in output.Items.Where(i => i.Kind == "Deployment"))
            {
                item.SetNode(YamlNode.Scalar("3", YamlScalarStyle.Plain), "spec", "replicas");
            }

            return output;
        })
        .Add("fail", _ => throw new FunctionEvaluationException("boom"))
        .Add("generate-absolute", input =>
        {
            var output = DelegateFunctionRuntime.Copy(input);
            var cm = KubeObject.Create("v1", "ConfigMap", "generated");
            cm.SetAnnotation("internal.config.kubernetes.io/path", "/another/out.yaml");
            output.Items.Add(cm);
            return output;
        });

    /// <summary>executor.go hydrate: a subpackage error is errors.E("pkg.render", subpkg, ...), shown as <c>./sub</c> (pkg/lib/errors drops the repeated path).</summary>
    [Fact]
    public async Task Hydrate_SubpackagePipelineFails_ErrorNamesDotSlashSubpackage()
    {
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("root", ""),
            ["sub/Kptfile"] = Kptfile("sub", "  mutators:\n    - image: fail:v1\n"),
            ["sub/app.yaml"] = Deployment,
        };

        var result = await Renderer(Runtime()).RenderAsync(files);

        Assert.StartsWith("pkg.render: pkg ./sub:\n\tpipeline.run: ", result.Error, StringComparison.Ordinal);
    }

    /// <summary>executor.go hydrateBfsOrder: every error is wrapped once more with the root, so a subpackage's pipeline.run keeps its own path.</summary>
    [Fact]
    public async Task HydrateBfsOrder_SubpackagePipelineFails_ErrorWrappedByRoot()
    {
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("root", "", Bfs),
            ["sub/Kptfile"] = Kptfile("sub", "  mutators:\n    - image: fail:v1\n"),
            ["sub/app.yaml"] = Deployment,
        };

        var result = await Renderer(Runtime()).RenderAsync(files);

        Assert.StartsWith("pkg.render: pkg .:\n\tpipeline.run: pkg ./sub: ", result.Error, StringComparison.Ordinal);
    }

    /// <summary>executor.go runPipeline: with an empty pipeline the non-KRM error is returned unwrapped (no pipeline.run).</summary>
    [Fact]
    public async Task RunPipeline_EmptyPipelineNonKrmInput_ErrorWithoutPipelineRun()
    {
        var files = new Dictionary<string, string> { ["Kptfile"] = Kptfile("root", ""), ["bad.yaml"] = "kind: Thing\nmetadata:\n  name: x\n" };

        var result = await Renderer(Runtime()).RenderAsync(files);

        Assert.Equal("pkg.render: pkg .: input resource list must contain only KRM resources: bad.yaml: resource must have `apiVersion`", result.Error);
    }

    /// <summary>
    /// executor.go hydrate with SaveOnRenderFailure: a direct child's failure leaves the root node with its input plus the
    /// child's partial output, which Execute writes; earlier siblings' outputs are part of that input.
    /// </summary>
    [Fact]
    public async Task Hydrate_SaveOnRenderFailure_DirectChildFails_SavesSiblingsAndPartialOutput()
    {
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("root", "", SaveOnFailure),
            ["a/Kptfile"] = Kptfile("a", "  mutators:\n    - image: replicas:v1\n"),
            ["a/app.yaml"] = Deployment,
            ["b/Kptfile"] = Kptfile("b", "  mutators:\n    - image: replicas:v1\n    - image: fail:v1\n"),
            ["b/app.yaml"] = Deployment,
        };

        var result = await Renderer(Runtime()).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Contains("replicas: 3", result.Files["a/app.yaml"], StringComparison.Ordinal);
        Assert.Contains("replicas: 3", result.Files["b/app.yaml"], StringComparison.Ordinal);
    }

    /// <summary>executor.go hydrate: a failure deeper than a direct child returns nil to the grandparent, so the root node has nothing to save.</summary>
    [Fact]
    public async Task Hydrate_SaveOnRenderFailure_GrandchildFails_SavesNothing()
    {
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("root", "", SaveOnFailure),
            ["a/Kptfile"] = Kptfile("a", ""),
            ["a/b/Kptfile"] = Kptfile("b", "  mutators:\n    - image: replicas:v1\n    - image: fail:v1\n"),
            ["a/b/app.yaml"] = Deployment,
        };

        var result = await Renderer(Runtime()).RenderAsync(files);

        Assert.False(result.Succeeded);
        Assert.Equal(Deployment, result.Files["a/b/app.yaml"]);
        Assert.Contains("reason: RenderFailed", result.Files["Kptfile"], StringComparison.Ordinal);
    }

    /// <summary>executor.go pathRelToRoot: filepath.Join(subPkgRelPath, filepath.Clean(path)) puts an absolute path below the package.</summary>
    [Fact]
    public async Task PathRelToRoot_AbsolutePath_JoinedBelowPackage()
    {
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = Kptfile("root", ""),
            ["sub/Kptfile"] = Kptfile("sub", "  mutators:\n    - image: generate-absolute:v1\n"),
        };

        var result = await Renderer(Runtime()).RenderAsync(files);

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("name: generated", result.Files["sub/another/out.yaml"], StringComparison.Ordinal);
    }

    /// <summary>kptfile v1 Function.ConfigMap is map[string]string: go-yaml's strict decoding refuses a sequence value with its line.</summary>
    [Fact]
    public void KptfileDecode_ConfigMapSequenceValue_CannotUnmarshalSeqIntoString()
    {
        var text = Kptfile("app", "  mutators:\n    - image: x:v1\n      configMap:\n        envs:\n          - dev\n");

        var ex = Assert.Throws<KrmYamlException>(() => Porch.Krm.Kptfile.Parse(text, "Kptfile"));

        Assert.Contains("line 10: cannot unmarshal !!seq into string", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>kpt fn eval (runner.go via kyaml's function filter): a resource coming back with its input's id gets the input's key order back.</summary>
    [Fact]
    public async Task FnEval_FunctionReordersKeys_InputKeyOrderRestored()
    {
        var runtime = new DelegateFunctionRuntime().Add("sorter", input =>
        {
            var output = new ResourceList();
            foreach (var item in input.Items)
            {
                var sorted = YamlNode.Mapping();
                foreach (var (k, v) in item.Root.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal).ToList())
                {
                    sorted.Set(k.Value, v);
                }

                output.Items.Add(new KubeObject(new YamlDocument(sorted)));
            }

            return output;
        });
        var files = new Dictionary<string, string> { ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n" };

        var result = await new KptFunctionEvaluator([runtime]).EvaluateAsync(files, "sorter:v1", null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(files["cm.yaml"], result.Files["cm.yaml"]);
    }

    /// <summary>
    /// kyaml order.SyncOrder: the entries of a mapping the function returns are ranked by their key's position in the
    /// input; keys the function added rank after all of them and keep the order the function gave them.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public async Task FnEval_FunctionReversesDataAndAddsKeys_InputOrderFirstAddedKeysLastInTheirOrder(int keys)
    {
        var runtime = new DelegateFunctionRuntime().Add("reverser", input =>
        {
            var output = DelegateFunctionRuntime.Copy(input);
            foreach (var item in output.Items)
            {
                var data = item.Root.Get("data")!;
                var reversed = YamlNode.Mapping();
                reversed.Set("zz-added", YamlNode.Scalar("1", YamlScalarStyle.Plain));
                foreach (var (k, v) in data.Entries.Reverse().ToList())
                {
                    reversed.Set(k.Value, v);
                }

                reversed.Set("aa-added", YamlNode.Scalar("2", YamlScalarStyle.Plain));
                item.Root.Set("data", reversed);
            }

            return output;
        });
        var data = string.Concat(Enumerable.Range(0, keys).Select(i => $"  k{(i * 7) % keys}: v{i}\n"));
        var files = new Dictionary<string, string> { ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n" + data };

        var result = await new KptFunctionEvaluator([runtime]).EvaluateAsync(files, "reverser:v1", null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(files["cm.yaml"] + "  zz-added: 1\n  aa-added: 2\n", result.Files["cm.yaml"]);
    }
}
