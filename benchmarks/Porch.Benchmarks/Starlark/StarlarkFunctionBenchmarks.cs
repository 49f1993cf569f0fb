using BenchmarkDotNet.Attributes;
using Porch.Benchmarks.Functions;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Benchmarks.Starlark;

/// <summary>
/// The catalog's set-namespace starlark script (<c>examples/starlark-set-namespace</c>) run through the
/// <c>starlark</c> KRM function over 100 resources: YAML nodes to Starlark values, the script, and back to YAML. The
/// floor is the same work in C# on the node model (copy each item, set <c>metadata.namespace</c>), as the builtin
/// set-namespace would do it; the builtin set-namespace function is shown beside them.
/// </summary>
[MemoryDiagnoser]
public class StarlarkFunctionBenchmarks
{
    private const int Resources = 100;

    private const string Config = """
        apiVersion: fn.kpt.dev/v1alpha1
        kind: StarlarkRun
        metadata:
          name: set-namespace-to-prod
          annotations:
            config.kubernetes.io/local-config: "true"
        source: |
          # set the namespace on all resources except Kptfile and StarlarkRun kind.
          for resource in ctx.resource_list["items"]:
            # mutate the resource
            if resource.get("kind") not in ["StarlarkRun", "Kptfile"]:
              resource["metadata"]["namespace"] = "prod"
        """;

    private ResourceList _input = new();
    private ResourceList _setNamespaceInput = new();
    private IFunctionRunner? _starlark;
    private IFunctionRunner? _setNamespace;

    [GlobalSetup]
    public async Task Setup()
    {
        var files = FunctionPackage.Files(Resources);
        _input = FunctionPackage.Input(files, Config);
        _setNamespaceInput = FunctionPackage.Input(files, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ns\ndata:\n  namespace: prod\n");
        _starlark = await FunctionPackage.RunnerAsync("starlark");
        _setNamespace = await FunctionPackage.RunnerAsync("set-namespace");
    }

    [Benchmark(Baseline = true, Description = "floor: C# copy + set namespace")]
    public int CSharpFloor()
    {
        var count = 0;
        foreach (var item in _input.Items)
        {
            var copy = item.Clone();
            if (copy.Kind is not ("StarlarkRun" or "Kptfile"))
            {
                copy.Namespace = "prod";
                count++;
            }
        }

        return count;
    }

    [Benchmark(Description = "starlark set-namespace script (function)")]
    public async Task<int> StarlarkScript() => (await _starlark!.RunAsync(_input)).Items.Count;

    [Benchmark(Description = "builtin set-namespace (function)")]
    public async Task<int> BuiltinSetNamespace() => (await _setNamespace!.RunAsync(_setNamespaceInput)).Items.Count;
}
