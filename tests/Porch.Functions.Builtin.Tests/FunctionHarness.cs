using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Functions.Builtin.Tests;

/// <summary>Runs one builtin function over YAML documents, as the renderer would hand them over.</summary>
internal static class FunctionHarness
{
    public static BuiltinFunctionRuntime Runtime() => new(Options.Create(new BuiltinFunctionOptions()), NullLogger<BuiltinFunctionRuntime>.Instance);

    public static async Task<ResourceList> RunAsync(string function, string items, string? config)
    {
        var runner = await Runtime().GetRunnerAsync(new KptFunction { Image = "ghcr.io/kptdev/krm-functions-catalog/" + function + ":v1" });
        Assert.NotNull(runner);
        var input = new ResourceList { FunctionConfig = config is null ? null : KubeObject.Parse(config) };
        var index = 0;
        foreach (var doc in KrmYaml.ReadDocuments(items))
        {
            var obj = new KubeObject(doc);
            obj.SetAnnotation(KrmAnnotations.Path, "resources.yaml");
            obj.SetAnnotation(KrmAnnotations.Index, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture));
            input.Items.Add(obj);
        }

        return await runner.RunAsync(input);
    }

    public static async Task<FunctionEvaluationException> FailAsync(string function, string items, string? config) =>
        await Assert.ThrowsAsync<FunctionEvaluationException>(() => RunAsync(function, items, config));

    public static string Yaml(ResourceList list) =>
        string.Join("---\n", list.Items.Select(i =>
        {
            var copy = i.Clone();
            copy.RemoveAnnotation(KrmAnnotations.Path);
            copy.RemoveAnnotation(KrmAnnotations.Index);
            if (copy.GetNode("metadata", "annotations") is { Count: 0 })
            {
                copy.Remove("metadata", "annotations");
            }

            return copy.ToYaml();
        }));
}
