using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Krm;
using Porch.Krm.Rendering;

namespace Porch.Benchmarks.Functions;

/// <summary>
/// Render of a 100-resource package whose Kptfile runs set-namespace, set-labels and apply-replacements, beside the
/// floor of reading and writing the same package unchanged.
/// </summary>
[MemoryDiagnoser]
public class RenderFunctionBenchmarks
{
    private const string Kptfile = """
        apiVersion: kpt.dev/v1
        kind: Kptfile
        metadata:
          name: app
          annotations:
            config.kubernetes.io/local-config: "true"
        pipeline:
          mutators:
            - image: set-namespace:v0.4
              configMap:
                namespace: prod
            - image: set-labels:v0.2
              configMap:
                tier: web
            - image: apply-replacements:v0.1
              configPath: replacements.yaml

        """;

    private Dictionary<string, string> _files = new();
    private KptPackageRenderer? _renderer;

    [Params(100)]
    public int Resources { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _files = FunctionPackage.Files(Resources - 2, Kptfile);
        _renderer = new KptPackageRenderer([FunctionPackage.Runtime()], NullLogger<KptPackageRenderer>.Instance);
        var check = await _renderer.RenderAsync(_files);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException("the benchmark package does not render: " + check.Error);
        }
    }

    [Benchmark(Baseline = true, Description = "floor: read + write package")]
    public int Floor() => PackageResources.Read(_files).Write(_files).Count;

    [Benchmark(Description = "render (3 functions)")]
    public async Task<int> Render() => (await _renderer!.RenderAsync(_files)).Files.Count;
}
