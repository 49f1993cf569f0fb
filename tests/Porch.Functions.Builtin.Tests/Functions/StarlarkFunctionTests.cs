using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine.Errors;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Functions.Builtin.Tests.Functions;

public sealed class StarlarkFunctionTests
{
    private const string Items = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: # kpt-merge: /web
          name: web
          labels:
            app: web
        spec:
          replicas: 3
          paused: false
          ratio: 1.5
          note: "true"
          empty:
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: fast
        """;

    private static string Run(string source, string name = "prog") => $"""
        apiVersion: fn.kpt.dev/v1alpha1
        kind: StarlarkRun
        metadata:
          name: {name}
        source: |
        {Indent(source)}
        """;

    [Fact]
    public async Task RunAsync_StarlarkRun_MutatesItemsInPlace()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            for r in ctx.resource_list["items"]:
              r["metadata"]["namespace"] = "prod"
            """));

        Assert.All(output.Items, i => Assert.Equal("prod", i.Namespace));
        Assert.Empty(output.Results);
    }

    [Fact]
    public async Task RunAsync_ScalarsKeepTheirYamlTypes()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            spec = ctx.resource_list["items"][0]["spec"]
            checks = [type(spec["replicas"]), type(spec["paused"]), type(spec["ratio"]), type(spec["note"]), type(spec["empty"])]
            if checks != ["int", "bool", "float", "string", "NoneType"]:
              fail(str(checks))
            spec["replicas"] = spec["replicas"] + 1
            spec["ratio"] = 2.0
            spec["flag"] = "yes"
            """));

        var yaml = FunctionHarness.Yaml(output);
        Assert.Contains("replicas: 4\n", yaml, StringComparison.Ordinal);
        Assert.Contains("ratio: 2\n", yaml, StringComparison.Ordinal);
        Assert.Contains("note: \"true\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("flag: \"yes\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("empty: null\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NewItem_IsWrittenWithGoYamlSortedKeys()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            ctx.resource_list["items"].append({
              "kind": "ConfigMap", "metadata": {"name": "gen"}, "apiVersion": "v1",
              "data": {"item10": "b", "item2": "a", "Zed": "c", "empty": {}, "list": []},
            })
            """));

        Assert.Equal(3, output.Items.Count);
        Assert.Equal(
            "apiVersion: v1\ndata:\n  Zed: c\n  empty: {}\n  item2: a\n  item10: b\n  list: []\nkind: ConfigMap\nmetadata:\n  name: gen\n",
            Assert.Single(output.Items, i => i.Name == "gen").ToYaml());
    }

    [Fact]
    public async Task RunAsync_ItemsReassigned_DropsFilteredItems()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            ctx.resource_list["items"] = [r for r in ctx.resource_list["items"] if r["kind"] != "ConfigMap"]
            """));

        Assert.Equal("web", Assert.Single(output.Items).Name);
    }

    [Fact]
    public async Task RunAsync_ConfigMapConfig_RunsDataSourceWithDataAsParameters()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: set-replicas
            data:
              replicas: "5"
              source: |
                n = ctx.resource_list["functionConfig"]["data"]["replicas"]
                for r in ctx.resource_list["items"]:
                  if r["kind"] == "Deployment":
                    r["spec"]["replicas"] = int(n)
            """);

        Assert.Equal("5", output.Items[0].GetString("spec", "replicas"));
    }

    [Fact]
    public async Task RunAsync_StarlarkRunParams_AreReadableFromFunctionConfig()
    {
        var config = Run("""
            p = ctx.resource_list["functionConfig"]["params"]
            ctx.resource_list["items"][0]["metadata"]["labels"]["tier"] = p["tier"]
            """) + "\nparams:\n  tier: db\n";

        var output = await FunctionHarness.RunAsync("starlark", Items, config);

        Assert.Equal("db", output.Items[0].GetLabel("tier"));
    }

    [Theory]
    [InlineData(null, "FunctionConfig is missing. Expect `ConfigMap` or `StarlarkRun`")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n", "`functionConfig` must be either /v1, Kind=ConfigMap or fn.kpt.dev/v1alpha1, Kind=StarlarkRun, but we got: apps/v1, Kind=Deployment")]
    [InlineData("apiVersion: fn.kpt.dev/v1alpha1\nkind: StarlarkRun\nmetadata:\n  name: s\nsource: \"\"\n", "`source` must not be empty")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  other: x\n", "`source` must not be empty")]
    public async Task RunAsync_BadConfig_FailsWithTheCatalogMessage(string? config, string message)
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, config);

        var record = Assert.Single(ex.Results!.Items);
        var result = Assert.Single(record.Results);
        Assert.Equal(message, result.Message);
        Assert.Equal("error", result.Severity);
        Assert.Equal("failed to evaluate function: error: function failure", record.Stderr);
    }

    [Fact]
    public async Task RunAsync_Fail_IsTheOnlyErrorResult()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            print("checking")
            fail("no private keys", 42)
            """));

        var record = Assert.Single(ex.Results!.Items);
        Assert.Equal("fail: no private keys 42", Assert.Single(record.Results).Message);
        Assert.Equal("checking\nfailed to evaluate function: error: function failure", record.Stderr);
    }

    [Fact]
    public async Task RunAsync_SyntaxError_NamesProgramLineAndColumn()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            x = 1
            y = (x +
            """, name: "httpbin-gen"));

        var message = Assert.Single(Assert.Single(ex.Results!.Items).Results).Message;
        Assert.Equal("httpbin-gen:2:9: got end of file, want primary expression", message);
    }

    [Fact]
    public async Task RunAsync_RuntimeError_ReportsTheEvaluationMessage()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            def get(r):
              return r["missing"]
            get(ctx.resource_list["items"][0])
            """));

        Assert.Equal("key \"missing\" not in dict", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message);
    }

    /// <summary>The catalog's starlark function prints to its stderr (kpt-fn starlark non-standard-features: the result's stderr), not to results.</summary>
    [Fact]
    public async Task RunAsync_Print_GoesToStderrNotResults()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            x = set(["foo", "bar"])
            print(x)
            def fib(n):
              return n if n < 2 else fib(n - 1) + fib(n - 2)
            print(fib(3), "\nend")
            """));

        Assert.Equal("set([\"foo\", \"bar\"])\n2 \nend", output.Stderr);
        Assert.Empty(output.Results);
    }

    [Fact]
    public async Task RunAsync_InfiniteLoop_StopsOnTheStepBudget()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            while True:
              pass
            """));

        Assert.Contains("too many steps", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OneValueEmittedAMillionTimes_StopsOnTheAllocationBudget()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            item = ctx.resource_list["items"][0]
            ctx.resource_list["items"] = [item] * 1000000
            """));

        Assert.Contains("too many allocations", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PrintInALoop_StopsOnTheAllocationBudget()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            s = "x" * 100000
            for i in range(100000):
              print(s)
            """));

        Assert.Contains("too many allocations", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValueNestedHundredThousandDeepEmitted_FailsWithDepthError()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            x = 1
            for i in range(100000):
              x = [x]
            ctx.resource_list["items"][0]["spec"] = x
            """));

        Assert.Contains("cannot convert to YAML: nesting exceeds the maximum depth of 1000", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HugeAllocation_StopsOnTheAllocationBudget()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            x = [0] * 1000000000
            """));

        Assert.Contains("too many allocations", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfiguredStepBudget_IsApplied()
    {
        var runtime = new BuiltinFunctionRuntime(Options.Create(new BuiltinFunctionOptions { StarlarkMaxSteps = 1000 }), NullLogger<BuiltinFunctionRuntime>.Instance);
        var runner = await runtime.GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/starlark:v0.5" });
        var input = new ResourceList { FunctionConfig = KubeObject.Parse(Run("""
            def spin():
              for i in range(5000):
                pass
            spin()
            """)) };

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => runner!.RunAsync(input));

        Assert.Contains("too many steps", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheProgram()
    {
        var runner = await FunctionHarness.Runtime().GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/starlark:v0.5" });
        var input = new ResourceList { FunctionConfig = KubeObject.Parse(Run("""
            while True:
              pass
            """)) };
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => runner!.RunAsync(input, cts.Token));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunAsync_OpenApi_OffersKubernetesDefinitions()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            d = ctx.open_api["definitions"]["io.k8s.api.apps.v1.Deployment"]
            print(d["x-kubernetes-group-version-kind"][0]["kind"])
            print(d["properties"]["spec"]["$ref"])
            print(ctx.open_api["definitions"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]["x-kubernetes-patch-merge-key"])
            """));

        Assert.Equal("Deployment\n#/definitions/io.k8s.api.apps.v1.DeploymentSpec\nname", output.Stderr);
    }

    [Fact]
    public async Task RunAsync_LoadedModules_MatchAndEncode()
    {
        var output = await FunctionHarness.RunAsync("starlark", Items, Run("""
            load("krmfn.star", "krmfn")
            load("encoding/json.star", "json")
            load("encoding/base64.star", "encode", "decode")
            for r in ctx.resource_list["items"]:
              if krmfn.match_gvk(r, "apps/v1", "Deployment") and krmfn.match_name(r, "web"):
                r["metadata"]["annotations"] = {"json": json.encode({"b": [1, 2.5, None], "a": True})}
              if krmfn.match_gvk(r, "v1", "ConfigMap") and not krmfn.match_namespace(r, "other"):
                r["data"]["decoded"] = json.decode('{"k": [1, "two"]}')["k"][1] + decode(encode("!"))
            """));

        Assert.Equal("{\"a\":true,\"b\":[1,2.5,null]}", output.Items[0].GetAnnotation("json"));
        Assert.Equal("two!", output.Items[1].GetString("data", "decoded"));
    }

    [Fact]
    public async Task RunAsync_UnknownModule_LoadsNothing()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            load("http.star", "http")
            """));

        Assert.Contains("http not found in module http.star", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FunctionInItems_FailsWithConversionError()
    {
        var ex = await FunctionHarness.FailAsync("starlark", Items, Run("""
            def f():
              pass
            ctx.resource_list["items"][0]["spec"]["hook"] = f
            """));

        Assert.Equal("unrecognized starlark type: function", Assert.Single(Assert.Single(ex.Results!.Items).Results).Message);
    }

    [Fact]
    public async Task RunAsync_AnchorsAndMerges_AreResolved()
    {
        var output = await FunctionHarness.RunAsync("starlark", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
            base: &base
              x: "1"
              y: 2
            data:
              <<: *base
              y: 3
            """, Run("""
            d = ctx.resource_list["items"][0]["data"]
            if d != {"x": "1", "y": 3}:
              fail(str(d))
            """));

        Assert.Single(output.Items);
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "  " + l));
}
