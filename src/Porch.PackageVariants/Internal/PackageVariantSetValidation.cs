using System.Globalization;
using Porch.PackageVariants.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>Porch's <c>validatePackageVariantSet</c> (validate.go), with its texts.</summary>
internal static class PackageVariantSetValidation
{
    public static List<string> Validate(PackageVariantSet pvs)
    {
        var errors = new List<string>();
        var upstream = pvs.Spec.Upstream;
        if (upstream is null)
        {
            errors.Add("spec.upstream is a required field");
        }
        else
        {
            if (string.IsNullOrEmpty(upstream.Package))
            {
                errors.Add("spec.upstream.package is a required field");
            }

            if (string.IsNullOrEmpty(upstream.Repo))
            {
                errors.Add("spec.upstream.repo is a required field");
            }
        }

        var targets = pvs.Spec.Targets ?? [];
        if (targets.Count == 0)
        {
            errors.Add("must specify at least one item in spec.targets");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            errors.AddRange(ValidateTarget(i, targets[i]));
        }

        return errors;
    }

    public static List<string> ValidateTarget(int i, PackageVariantSetTarget target)
    {
        var errors = new List<string>();
        var count = 0;
        if (target.Repositories is not null)
        {
            count++;
            if (target.Repositories.Count == 0)
            {
                errors.Add(F($"spec.targets[{i}].repositories must not be an empty list if specified"));
            }

            for (var j = 0; j < target.Repositories.Count; j++)
            {
                var rt = target.Repositories[j];
                if (string.IsNullOrEmpty(rt.Name))
                {
                    errors.Add(F($"spec.targets[{i}].repositories[{j}].name cannot be empty"));
                }

                for (var k = 0; k < (rt.PackageNames?.Count ?? 0); k++)
                {
                    if (string.IsNullOrEmpty(rt.PackageNames![k]))
                    {
                        errors.Add(F($"spec.targets[{i}].repositories[{j}].packageNames[{k}] cannot be empty"));
                    }
                }
            }
        }

        if (target.RepositorySelector is not null)
        {
            count++;
        }

        if (target.ObjectSelector is not null)
        {
            count++;
            if (string.IsNullOrEmpty(target.ObjectSelector.ApiVersion))
            {
                errors.Add(F($"spec.targets[{i}].objectselector.apiVersion cannot be empty"));
            }

            if (string.IsNullOrEmpty(target.ObjectSelector.Kind))
            {
                errors.Add(F($"spec.targets[{i}].objectselector.kind cannot be empty"));
            }
        }

        if (count != 1)
        {
            errors.Add(F($"spec.targets[{i}] must specify one of `repositories`, `repositorySelector`, or `objectSelector`"));
        }

        if (target.Template is not null)
        {
            errors.AddRange(ValidateTemplate(target.Template, F($"spec.targets[{i}].template")));
        }

        return errors;
    }

    public static List<string> ValidateTemplate(PackageVariantTemplate template, string field)
    {
        var errors = new List<string>();
        if (template.AdoptionPolicy is not null and not (PackageVariantApi.AdoptionPolicyAdoptNone or PackageVariantApi.AdoptionPolicyAdoptExisting))
        {
            errors.Add($"{field}.adoptionPolicy can only be \"{PackageVariantApi.AdoptionPolicyAdoptNone}\" or \"{PackageVariantApi.AdoptionPolicyAdoptExisting}\"");
        }

        if (template.DeletionPolicy is not null and not (PackageVariantApi.DeletionPolicyOrphan or PackageVariantApi.DeletionPolicyDelete))
        {
            errors.Add($"{field}.deletionPolicy can only be \"{PackageVariantApi.DeletionPolicyOrphan}\" or \"{PackageVariantApi.DeletionPolicyDelete}\"");
        }

        if (template.Downstream is { } downstream)
        {
            if (downstream.Repo is not null && downstream.RepoExpr is not null)
            {
                errors.Add($"{field} may specify only one of `downstream.repo` and `downstream.repoExpr`");
            }

            if (downstream.Package is not null && downstream.PackageExpr is not null)
            {
                errors.Add($"{field} may specify only one of `downstream.package` and `downstream.packageExpr`");
            }
        }

        if (template.LabelExprs is not null)
        {
            errors.AddRange(ValidateMapExpr(template.LabelExprs, $"{field}.labelExprs"));
        }

        if (template.AnnotationExprs is not null)
        {
            errors.AddRange(ValidateMapExpr(template.AnnotationExprs, $"{field}.annotationExprs"));
        }

        if (template.PackageContext?.DataExprs is { } dataExprs)
        {
            errors.AddRange(ValidateMapExpr(dataExprs, $"{field}.packageContext.dataExprs"));
        }

        for (var i = 0; i < (template.Injectors?.Count ?? 0); i++)
        {
            var injector = template.Injectors![i];
            if (injector.Name is not null && injector.NameExpr is not null)
            {
                errors.Add(F($"{field}.injectors[{i}] may specify only one of `name` and `nameExpr`"));
            }

            if (injector.Name is null && injector.NameExpr is null)
            {
                errors.Add(F($"{field}.injectors[{i}] must specify either `name` or `nameExpr`"));
            }
        }

        if (template.Pipeline is { } pipeline)
        {
            for (var i = 0; i < (pipeline.Validators?.Count ?? 0); i++)
            {
                errors.AddRange(ValidateFunction(pipeline.Validators![i], F($"{field}.pipeline.validators[{i}]")));
            }

            for (var i = 0; i < (pipeline.Mutators?.Count ?? 0); i++)
            {
                errors.AddRange(ValidateFunction(pipeline.Mutators![i], F($"{field}.pipeline.mutators[{i}]")));
            }
        }

        return errors;
    }

    public static List<string> ValidateMapExpr(List<MapExpr> expressions, string field)
    {
        var errors = new List<string>();
        for (var j = 0; j < expressions.Count; j++)
        {
            if (expressions[j].Key is not null && expressions[j].KeyExpr is not null)
            {
                errors.Add(F($"{field}[{j}] may specify only one of `key` and `keyExpr`"));
            }

            if (expressions[j].Value is not null && expressions[j].ValueExpr is not null)
            {
                errors.Add(F($"{field}[{j}] may specify only one of `value` and `valueExpr`"));
            }
        }

        return errors;
    }

    private static List<string> ValidateFunction(FunctionTemplate function, string field)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(function.Image))
        {
            errors.Add($"{field}.image must not be empty");
        }

        if (function.Name?.Contains('.', StringComparison.Ordinal) == true)
        {
            errors.Add($"{field}.name must not contain '.'");
        }

        return errors;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
