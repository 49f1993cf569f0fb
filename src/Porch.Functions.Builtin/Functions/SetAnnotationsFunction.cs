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
        var message = "set annotations: " + GoString.JsonMap(annotations);
        foreach (var obj in context.Items)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var spec in specs.Where(s => s.Selects(obj)))
            {
                foreach (var (node, path) in spec.Resolve(obj.Root))
                {
                    if (node.Kind != YamlNodeKind.Mapping)
                    {
                        continue;
                    }

                    foreach (var (key, value) in annotations)
                    {
                        node.SetString(key, value);
                    }

                    var result = context.Add(message, null);
                    result.FieldPath = path;
                    result.FilePath = obj.PathAnnotation;
                    result.FileIndex = KubeObjects.FileIndex(obj) is { } index and not 0 ? index : null;
                }
            }
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
