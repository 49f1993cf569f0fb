using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Builtin;

namespace Porch.Benchmarks.Functions;

/// <summary>A package of N resources (a settings ConfigMap, then Deployments with comments) shared by the function benchmarks.</summary>
internal static class FunctionPackage
{
    public const string ReplacementsConfig = """
        apiVersion: fn.kpt.dev/v1alpha1
        kind: ApplyReplacements
        metadata:
          name: wire-tags
        replacements:
          - source: {kind: ConfigMap, name: settings, fieldPath: data.release, options: {delimiter: "-", index: 1}}
            targets:
              - select: {kind: Deployment}
                fieldPaths: ["spec.template.spec.containers.[name=main].image"]
                options: {delimiter: ":", index: 1}
          - sourceValue: platform-team
            targets:
              - select: {kind: Deployment}
                fieldPaths: ["metadata.annotations.[example.com/owner]"]
                options: {create: true}
        """;

    public static Dictionary<string, string> Files(int resources, string? kptfile = null)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["settings.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  release: v1-7 # the release train\n",
        };
        if (kptfile is not null)
        {
            files["Kptfile"] = kptfile;
            files["replacements.yaml"] = ReplacementsConfig.Replace("metadata:\n", "metadata:\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n", StringComparison.Ordinal);
        }

        for (var i = 1; i < resources; i++)
        {
            files[$"app-{i}.yaml"] = string.Create(CultureInfo.InvariantCulture, $"""
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
        }

        return files;
    }

    /// <summary>The package's resources as a function receives them.</summary>
    public static ResourceList Input(Dictionary<string, string> files, string config)
    {
        var list = new ResourceList { FunctionConfig = KubeObject.Parse(config) };
        foreach (var item in PackageResources.Read(files).Resources)
        {
            list.Items.Add(item);
        }

        return list;
    }

    public static IFunctionRuntime Runtime() =>
        new BuiltinFunctionRuntime(Options.Create(new BuiltinFunctionOptions()), NullLogger<BuiltinFunctionRuntime>.Instance);

    public static async Task<IFunctionRunner> RunnerAsync(string name) =>
        await Runtime().GetRunnerAsync(new KptFunction { Image = BuiltinFunctionOptions.CatalogPrefix + name + ":v1" })
        ?? throw new InvalidOperationException(name + " is not a builtin function");
}
