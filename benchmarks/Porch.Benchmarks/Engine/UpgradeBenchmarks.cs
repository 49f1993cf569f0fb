using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Porch.Engine.Api;
using Porch.Krm;
using Porch.Krm.Merge;

namespace Porch.Benchmarks.Engine;

/// <summary>
/// The upgrade task's merge without Git: kpt's resource-merge of a 100-resource package (10 files of 10 Deployments,
/// merge keys as after a clone) with 10 local and 10 upstream changes, beside the floor of reading and writing the
/// same local package once.
/// </summary>
[MemoryDiagnoser]
public class UpgradeBenchmarks
{
    private IReadOnlyDictionary<string, string> _original = new Dictionary<string, string>();
    private IReadOnlyDictionary<string, string> _updated = new Dictionary<string, string>();
    private IReadOnlyDictionary<string, string> _local = new Dictionary<string, string>();

    [GlobalSetup]
    public void Setup()
    {
        _original = Package(_ => "nginx:1.0", _ => 1);

        // Upstream changes the image of resources 5-14; the local copy (merge keys added by the clone) scales 0-9.
        _updated = Package(i => i is >= 5 and < 15 ? "nginx:1.1" : "nginx:1.0", _ => 1);
        _local = MergeKeys.Add(Package(_ => "nginx:1.0", i => i < 10 ? 3 : 1));
        var merged = KptPackageUpdater.Update(_local, _original, _updated);
        if (!merged["apps-0.yaml"].Contains("replicas: 3", StringComparison.Ordinal) || !merged["apps-1.yaml"].Contains("nginx:1.1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The merge fixture does not merge as expected.");
        }
    }

    [Benchmark(Baseline = true, Description = "floor: read + write package")]
    public IReadOnlyDictionary<string, string> ReadWrite() => PackageResources.Read(_local).Write(_local);

    [Benchmark(Description = "resource-merge upgrade")]
    public IReadOnlyDictionary<string, string> ResourceMerge() =>
        KptPackageUpdater.Update(_local, _original, _updated, PackageMergeStrategy.ResourceMerge);

    private static Dictionary<string, string> Package(Func<int, string> image, Func<int, int> replicas)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: apps\ninfo:\n  description: 100 deployments\n",
        };
        for (var file = 0; file < 10; file++)
        {
            var text = new StringBuilder();
            for (var j = 0; j < 10; j++)
            {
                var i = (file * 10) + j;
                if (j > 0)
                {
                    text.Append("---\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app-{i}
                      namespace: apps
                      labels:
                        app: app-{i} # the app label
                    spec:
                      replicas: {replicas(i)}
                      selector:
                        matchLabels:
                          app: app-{i}
                      template:
                        metadata:
                          labels:
                            app: app-{i}
                        spec:
                          containers:
                          - name: app
                            image: {image(i)}
                            ports:
                            - containerPort: 8080
                            env:
                            - name: MODE
                              value: "production"

                    """);
            }

            files[$"apps-{file}.yaml"] = text.ToString();
        }

        return files;
    }
}
