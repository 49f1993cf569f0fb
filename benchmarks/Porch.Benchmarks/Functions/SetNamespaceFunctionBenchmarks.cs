using BenchmarkDotNet.Attributes;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Benchmarks.Functions;

/// <summary>The builtin set-namespace on N resources, beside the floor of reading and writing the same package unchanged.</summary>
[MemoryDiagnoser]
public class SetNamespaceFunctionBenchmarks
{
    private const string Config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ns\ndata:\n  namespace: prod\n";

    private Dictionary<string, string> _files = new();
    private ResourceList _input = new();
    private IFunctionRunner? _runner;

    [Params(10, 100, 1000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _files = FunctionPackage.Files(Resources);
        _input = FunctionPackage.Input(_files, Config);
        _runner = await FunctionPackage.RunnerAsync("set-namespace");
    }

    [Benchmark(Baseline = true, Description = "floor: read + write package")]
    public int Floor() => PackageResources.Read(_files).Write(_files).Count;

    [Benchmark(Description = "set-namespace (function)")]
    public async Task<int> SetNamespace() => (await _runner!.RunAsync(_input)).Items.Count;

    [Benchmark(Description = "read + set-namespace + write")]
    public async Task<int> ReadSetNamespaceWrite()
    {
        var package = PackageResources.Read(_files);
        var input = new ResourceList { FunctionConfig = _input.FunctionConfig };
        foreach (var item in package.Resources)
        {
            input.Items.Add(item);
        }

        var output = await _runner!.RunAsync(input);
        package.Resources.Clear();
        foreach (var item in output.Items)
        {
            package.Resources.Add(item);
        }

        return package.Write(_files).Count;
    }
}
