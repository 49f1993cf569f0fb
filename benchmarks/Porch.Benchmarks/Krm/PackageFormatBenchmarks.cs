using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Porch.Krm;
using YamlDotNet.Core;

namespace Porch.Benchmarks.Krm;

/// <summary>
/// Reading a 100-resource package into annotated KRM objects and writing it back with kpt's formatting, against the
/// floor of merely tokenizing the same text with our go-yaml scanner (Porch.Krm.Yaml; YamlDotNet's scanner, which the
/// reader used before, as a second row); and both sides of a function call
/// over gRPC: the package as a ResourceList written to YAML and parsed back (issue 19: read + write of 100 resources at
/// most 1.5 ms and 2 MB, the ResourceList round trip at most 2 ms).
/// </summary>
[MemoryDiagnoser]
public class PackageFormatBenchmarks
{
    private Dictionary<string, string> _files = new();
    private string _allText = "";
    private ResourceList _list = new();

    [Params(10, 100)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new StringBuilder();
        for (var i = 0; i < Resources; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"""
                # Deployment {i}
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app-{i}
                  labels:
                    app: app-{i} # the app label
                spec:
                  replicas: 3
                  selector:
                    matchLabels:
                      app: app-{i}
                  template:
                    metadata:
                      labels:
                        app: app-{i}
                    spec:
                      containers:
                      - name: main
                        image: 'nginx:1.14.2'
                        ports:
                        - containerPort: 80
                        args: ["--port", "80"]

                """);
            _files[$"app-{i}.yaml"] = text;
            all.Append(text);
        }

        _allText = all.ToString();
        _list = new ResourceList();
        foreach (var resource in PackageResources.Read(_files).Resources)
        {
            _list.Items.Add(resource);
        }
    }

    [Benchmark(Baseline = true, Description = "floor: scan tokens")]
    public int ScanOnly()
    {
        var count = 0;
        foreach (var text in _files.Values)
        {
            var scanner = new Porch.Krm.Yaml.YamlScanner(text);
            while (scanner.Next(out _))
            {
                count++;
            }

            count += scanner.Comments.Count;
            scanner.Release();
        }

        return count;
    }

    [Benchmark(Description = "YamlDotNet scanner (before)")]
    public int ScanYamlDotNet()
    {
        var count = 0;
        foreach (var text in _files.Values)
        {
            var scanner = new Scanner(new StringReader(text), skipComments: false);
            while (scanner.MoveNext())
            {
                count++;
            }
        }

        return count;
    }

    [Benchmark(Description = "read package")]
    public int Read() => PackageResources.Read(_files).Resources.Count;

    [Benchmark(Description = "read + write package")]
    public int ReadWrite() => PackageResources.Read(_files).Write(_files).Count;

    [Benchmark(Description = "ResourceList write + parse")]
    public int ResourceListWriteParse() => ResourceList.Parse(_list.ToYaml()).Items.Count;

    [Benchmark(Description = "read + set namespace + write")]
    public int ReadSetNamespaceWrite()
    {
        var package = PackageResources.Read(_files);
        foreach (var r in package.Resources)
        {
            r.Namespace = "prod";
        }

        return package.Write(_files).Count + _allText.Length;
    }
}
