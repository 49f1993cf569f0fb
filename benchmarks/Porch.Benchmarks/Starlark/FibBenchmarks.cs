using BenchmarkDotNet.Attributes;
using Porch.Starlark;

namespace Porch.Benchmarks.Starlark;

/// <summary>Recursive fib(25) in Starlark (parse, resolve and run) against the same recursion in C#.</summary>
[MemoryDiagnoser]
public class FibBenchmarks
{
    private const string Source = """
        def fib(n):
            if n < 2:
                return n
            return fib(n - 1) + fib(n - 2)

        result = fib(25)
        """;

    private StarlarkOptions _options = null!;

    [GlobalSetup]
    public void Setup() => _options = StarlarkOptions.KptDialect();

    [Benchmark(Baseline = true)]
    public long CSharp() => Fib(25);

    [Benchmark]
    public StarlarkValue Starlark() => new StarlarkThread(_options).ExecFile("fib.star", Source)["result"];

    private static long Fib(long n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
}
