using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Porch.Starlark;

namespace Porch.Benchmarks.Starlark;

/// <summary>Builds a 1,000-part string in a Starlark loop against a C# <see cref="StringBuilder"/>.</summary>
[MemoryDiagnoser]
public class StringBuildingBenchmarks
{
    private const string Source = """
        def build(n):
            parts = []
            for i in range(n):
                parts.append("item-" + str(i))
            return ",".join(parts)

        result = build(1000)
        """;

    private StarlarkOptions _options = null!;

    [GlobalSetup]
    public void Setup() => _options = StarlarkOptions.KptDialect();

    [Benchmark(Baseline = true)]
    public string CSharp()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append("item-").Append(i.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    [Benchmark]
    public StarlarkValue Starlark() => new StarlarkThread(_options).ExecFile("build.star", Source)["result"];
}
