using System.Globalization;
using Porch.PackageVariants.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>One downstream of a PackageVariantSet before its template is applied (Porch's <c>pvContext</c>).</summary>
internal sealed record VariantTarget(PackageVariantTemplate? Template, string RepoDefault, string PackageDefault, IReadOnlyDictionary<string, object?>? Object);

/// <summary>Porch's render.go: a PackageVariant spec from the set's upstream, a target and its template.</summary>
internal static class PackageVariantSetRendering
{
    /// <summary>The expression input of an object (Porch's <c>objectToInput</c>): name, namespace, labels, annotations.</summary>
    public static IReadOnlyDictionary<string, object?> ObjectInput(string? name, string? @namespace, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? annotations) =>
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = name ?? "",
            ["namespace"] = @namespace ?? "",
            ["labels"] = labels ?? new Dictionary<string, string>(),
            ["annotations"] = annotations ?? new Dictionary<string, string>(),
        };

    /// <param name="upstream">The set's upstream.</param>
    /// <param name="repositories">The expression input of each Repository of the namespace, by name.</param>
    /// <param name="upstreamInput">The expression input of the upstream package revision.</param>
    /// <param name="target">The downstream.</param>
    public static PackageVariantSpec Render(Upstream upstream, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> repositories,
        IReadOnlyDictionary<string, object?> upstreamInput, VariantTarget target)
    {
        var spec = new PackageVariantSpec
        {
            Upstream = new Upstream { Repo = upstream.Repo, Package = upstream.Package, Revision = upstream.Revision, WorkspaceName = upstream.WorkspaceName },
            Downstream = new Downstream { Repo = target.RepoDefault, Package = target.PackageDefault },
        };
        var pvt = target.Template;
        if (pvt is null)
        {
            return spec;
        }

        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["repoDefault"] = target.RepoDefault,
            ["packageDefault"] = target.PackageDefault,
            ["upstream"] = upstreamInput,
            ["target"] = target.Object ?? new Dictionary<string, object?>(StringComparer.Ordinal) { ["repo"] = target.RepoDefault, ["package"] = target.PackageDefault },
        };
        var repo = target.RepoDefault;
        if (pvt.Downstream is { } downstream)
        {
            if (!string.IsNullOrEmpty(downstream.Repo))
            {
                repo = downstream.Repo;
            }

            if (!string.IsNullOrEmpty(downstream.RepoExpr))
            {
                repo = Eval(downstream.RepoExpr, inputs, "template.downstream.repoExpr");
            }

            spec.Downstream.Repo = repo;
        }

        if (!repositories.TryGetValue(repo, out var repository))
        {
            throw new TemplateExpressionException($"repository \"{repo}\" could not be loaded");
        }

        inputs["repository"] = repository;
        if (pvt.Downstream is { } d)
        {
            if (!string.IsNullOrEmpty(d.Package))
            {
                spec.Downstream.Package = d.Package;
            }

            if (!string.IsNullOrEmpty(d.PackageExpr))
            {
                spec.Downstream.Package = Eval(d.PackageExpr, inputs, "template.downstream.packageExpr");
            }
        }

        if (pvt.AdoptionPolicy is not null)
        {
            spec.AdoptionPolicy = pvt.AdoptionPolicy;
        }

        if (pvt.DeletionPolicy is not null)
        {
            spec.DeletionPolicy = pvt.DeletionPolicy;
        }

        spec.Labels = CopyAndOverlayMapExpr("template.labelExprs", pvt.Labels, pvt.LabelExprs, inputs);
        spec.Annotations = CopyAndOverlayMapExpr("template.annotationExprs", pvt.Annotations, pvt.AnnotationExprs, inputs);
        if (pvt.PackageContext is { } pc)
        {
            spec.PackageContext = new PackageContext
            {
                Data = CopyAndOverlayMapExpr("template.packageContext.dataExprs", pc.Data, pc.DataExprs, inputs),
                RemoveKeys = CopyAndOverlayStringSlice("template.packageContext.removeKeyExprs", pc.RemoveKeys, pc.RemoveKeyExprs, inputs),
            };
        }

        for (var i = 0; i < (pvt.Injectors?.Count ?? 0); i++)
        {
            var template = pvt.Injectors![i];
            var injector = new InjectionSelector { Group = template.Group, Version = template.Version, Kind = template.Kind };
            if (!string.IsNullOrEmpty(template.Name))
            {
                injector.Name = template.Name;
            }

            if (!string.IsNullOrEmpty(template.NameExpr))
            {
                injector.Name = Eval(template.NameExpr, inputs, string.Create(CultureInfo.InvariantCulture, $"template.injectors[{i}].nameExpr"));
            }

            (spec.Injectors ??= []).Add(injector);
        }

        if (pvt.Pipeline is { } pipeline)
        {
            var validators = RenderFunctions("template.pipeline.validators", pipeline.Validators, inputs);
            var mutators = RenderFunctions("template.pipeline.mutators", pipeline.Mutators, inputs);
            if (validators is not null || mutators is not null)
            {
                spec.Pipeline = new PipelineSpec { Validators = validators, Mutators = mutators };
            }
        }

        return spec;
    }

    private static List<FunctionSpec>? RenderFunctions(string field, List<FunctionTemplate>? templates, Dictionary<string, object?> inputs)
    {
        if (templates is not { Count: > 0 })
        {
            return null;
        }

        var result = new List<FunctionSpec>();
        for (var i = 0; i < templates.Count; i++)
        {
            var ft = templates[i];
            result.Add(new FunctionSpec
            {
                Image = ft.Image,
                Name = ft.Name,
                ConfigPath = ft.ConfigPath,
                Selectors = ft.Selectors,
                Exclude = ft.Exclude,
                ConfigMap = CopyAndOverlayMapExpr(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}].configMapExprs"), ft.ConfigMap, ft.ConfigMapExprs, inputs),
            });
        }

        return result;
    }

    /// <summary>Porch's <c>copyAndOverlayMapExpr</c>: the map, then each expression entry over it; null when empty.</summary>
    public static Dictionary<string, string>? CopyAndOverlayMapExpr(string field, Dictionary<string, string>? map, List<MapExpr>? expressions, IReadOnlyDictionary<string, object?> inputs)
    {
        var result = new Dictionary<string, string>(map ?? [], StringComparer.Ordinal);
        for (var i = 0; i < (expressions?.Count ?? 0); i++)
        {
            var me = expressions![i];
            var key = me.Key ?? "";
            if (me.KeyExpr is not null)
            {
                key = Eval(me.KeyExpr, inputs, string.Create(CultureInfo.InvariantCulture, $"{field}[{i}].keyExpr"));
            }

            var value = me.Value ?? "";
            if (me.ValueExpr is not null)
            {
                value = Eval(me.ValueExpr, inputs, string.Create(CultureInfo.InvariantCulture, $"{field}[{i}].valueExpr"));
            }

            result[key] = value;
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>Porch's <c>copyAndOverlayStringSlice</c>: the union, sorted; null when empty.</summary>
    public static List<string>? CopyAndOverlayStringSlice(string field, List<string>? values, List<string>? expressions, IReadOnlyDictionary<string, object?> inputs)
    {
        var result = new SortedSet<string>(values ?? [], StringComparer.Ordinal);
        for (var i = 0; i < (expressions?.Count ?? 0); i++)
        {
            result.Add(Eval(expressions![i], inputs, string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]")));
        }

        return result.Count == 0 ? null : [.. result];
    }

    private static string Eval(string expression, IReadOnlyDictionary<string, object?> inputs, string field)
    {
        try
        {
            return TemplateExpression.Evaluate(expression, inputs);
        }
        catch (TemplateExpressionException ex)
        {
            throw new TemplateExpressionException($"{field}: {ex.Message}", ex);
        }
    }
}
