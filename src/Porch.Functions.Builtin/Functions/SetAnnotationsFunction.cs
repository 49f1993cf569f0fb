using System.Globalization;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>set-annotations</c>: kustomize's annotations filter over <c>metadata.annotations</c>, the pod and
/// job templates of kustomize's commonAnnotations field specs, and any <c>additionalAnnotationFields</c>; one result per
/// field set. Configuration errors fail the function.
/// </summary>
internal sealed class SetAnnotationsFunction : IKrmFunction
{
    private static readonly FieldSpec[] CommonAnnotations =
    [
        new("", "", "", "metadata/annotations", true),
        new("", "v1", "ReplicationController", "spec/template/metadata/annotations", true),
        new("", "", "Deployment", "spec/template/metadata/annotations", true),
        new("", "", "ReplicaSet", "spec/template/metadata/annotations", true),
        new("", "", "DaemonSet", "spec/template/metadata/annotations", true),
        new("", "", "StatefulSet", "spec/template/metadata/annotations", true),
        new("batch", "", "Job", "spec/template/metadata/annotations", true),
        new("batch", "", "CronJob", "spec/jobTemplate/metadata/annotations", true),
        new("batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true),
    ];

    public string Name => "set-annotations";

    public bool Run(KrmFunctionContext context)
    {
        var (annotations, specs) = Configure(context);

        // annotations_transformer.go: one result per file, file index and field path, holding every annotation set there.
        var fields = new Dictionary<(string FilePath, string FileIndex, string FieldPath), SortedDictionary<string, string>>();
        foreach (var obj in context.Items)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var filePath = obj.PathAnnotation ?? "";
            var fileIndex = obj.GetAnnotation(KrmAnnotations.Index) ?? obj.GetAnnotation(KrmAnnotations.LegacyIndex) ?? "";
            foreach (var spec in specs.Where(s => s.Selects(obj)))
            {
                foreach (var (node, path) in spec.Resolve(obj.Root))
                {
                    if (node.Kind != YamlNodeKind.Mapping)
                    {
                        continue;
                    }

                    if (!fields.TryGetValue((filePath, fileIndex, path), out var set))
                    {
                        fields[(filePath, fileIndex, path)] = set = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    }

                    foreach (var (key, value) in annotations)
                    {
                        node.SetString(key, value);
                        set[key] = value;
                    }
                }
            }
        }

        if (fields.Count == 0)
        {
            context.Add("no annotations applied", null);
            return true;
        }

        // main.go resultsToItems ends with kyaml's Results.Sort: a stable sort by file path, file index, severity (all
        // equal here) and the result's text, whose field path comes before the message.
        foreach (var ((filePath, fileIndex, fieldPath), set) in fields
            .Select(f => (Key: (f.Key.FilePath, Index: int.TryParse(f.Key.FileIndex, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : 0, f.Key.FieldPath), f.Value))
            .OrderBy(f => f.Key.FilePath, StringComparer.Ordinal)
            .ThenBy(f => f.Key.Index)
            .ThenBy(f => f.Key.FieldPath, StringComparer.Ordinal))
        {
            var result = context.Add("set annotations: " + GoString.JsonMap(set), null);
            result.FieldPath = fieldPath;
            result.FilePath = filePath.Length == 0 ? null : filePath;
            result.FileIndex = fileIndex is not 0 ? fileIndex : null;
        }

        return true;
    }

    private static (SortedDictionary<string, string> Annotations, List<FieldSpec> Specs) Configure(KrmFunctionContext context)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var specs = new List<FieldSpec>();
        var config = context.FunctionConfig;
        if (config is not null && config.IsGvk("", "v1", "ConfigMap") && config.Kind == "ConfigMap")
        {
            foreach (var (k, v) in KubeObjects.StringMap(KubeObjects.Map(config.Root, "data")))
            {
                annotations[k] = v;
            }
        }
        else if (config is not null && config.ApiVersion == "fn.kpt.dev/v1alpha1" && config.Kind is "SetAnnotations" or "SetAnnotationConfig")
        {
            foreach (var (k, v) in KubeObjects.StringMap(KubeObjects.Map(config.Root, "annotations")))
            {
                annotations[k] = v;
            }

            var additional = config.Root.Get("additionalAnnotationFields");
            var legacy = config.Root.Get("fieldSpecs");
            if (additional is not null && !additional.IsNull && legacy is not null && !legacy.IsNull)
            {
                throw Fail(context, "`fieldSpecs` has been deprecated, please rename it to `additionalAnnotationFields`");
            }

            foreach (var spec in KubeObjects.Slice(config.Root, additional is not null && !additional.IsNull ? "additionalAnnotationFields" : "fieldSpecs"))
            {
                specs.Add(FieldSpec.Read(spec));
            }
        }
        else
        {
            throw Fail(context, "`functionConfig` must be a `ConfigMap` or `SetAnnotations`");
        }

        if (annotations.Count == 0)
        {
            throw Fail(context, "input annotation list cannot be empty");
        }

        specs.AddRange(CommonAnnotations);
        return (annotations, specs);
    }

    private static KrmFunctionException Fail(KrmFunctionContext context, string problem)
    {
        var message = "failed to configure function: " + problem;
        context.Stderr = "[error]: " + message;
        return new KrmFunctionException(message);
    }
}
