using BenchmarkDotNet.Attributes;
using Porch.Starlark;

namespace Porch.Benchmarks.Starlark;

/// <summary>
/// A set-namespace script over 100 dict "resources" (walk the items, set metadata.namespace) against the same
/// walk in C# over <see cref="Dictionary{TKey, TValue}"/> objects.
/// </summary>
[MemoryDiagnoser]
public class SetNamespaceBenchmarks
{
    private const int Count = 100;

    private const string Source = """
        def main():
            ns = ctx.resource_list["functionConfig"]["data"]["namespace"]
            for r in ctx.resource_list["items"]:
                md = r["metadata"]
                if md.get("namespace") != ns:
                    md["namespace"] = ns

        main()
        """;

    private StarlarkOptions _options = null!;
    private Dictionary<string, StarlarkValue> _predeclared = null!;
    private List<Dictionary<string, object>> _plain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = StarlarkOptions.KptDialect();
        var items = new StarlarkList();
        _plain = new List<Dictionary<string, object>>();
        for (var i = 0; i < Count; i++)
        {
            var name = "app-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            items.Add(new StarlarkDict
            {
                ["apiVersion"] = new StarlarkString("apps/v1"),
                ["kind"] = new StarlarkString("Deployment"),
                ["metadata"] = new StarlarkDict { ["name"] = new StarlarkString(name), ["namespace"] = new StarlarkString("old") },
                ["spec"] = new StarlarkDict { ["replicas"] = StarlarkInt.Of(3) },
            });
            _plain.Add(new Dictionary<string, object>
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = "old" },
                ["spec"] = new Dictionary<string, object> { ["replicas"] = 3L },
            });
        }

        var resourceList = new StarlarkDict
        {
            ["items"] = items,
            ["functionConfig"] = new StarlarkDict { ["data"] = new StarlarkDict { ["namespace"] = new StarlarkString("prod") } },
        };
        _predeclared = new Dictionary<string, StarlarkValue>
        {
            ["ctx"] = new StarlarkStruct(new Dictionary<string, StarlarkValue> { ["resource_list"] = resourceList }),
        };
    }

    [Benchmark(Baseline = true)]
    public int CSharp()
    {
        var changed = 0;
        const string ns = "prod";
        foreach (var r in _plain)
        {
            var md = (Dictionary<string, object>)r["metadata"];
            if (!md.TryGetValue("namespace", out var current) || !string.Equals((string)current, ns, StringComparison.Ordinal))
            {
                md["namespace"] = ns;
                changed++;
            }
        }

        return changed;
    }

    [Benchmark]
    public int Starlark() => new StarlarkThread(_options).ExecFile("set-namespace.star", Source, _predeclared).Count;
}
