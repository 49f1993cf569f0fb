using System.Globalization;
using System.Text;
using Porch.PackageVariants.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>Porch's <c>validatePackageVariant</c>: the messages, in Porch's order; defaults the two policies.</summary>
internal static class PackageVariantValidation
{
    private static readonly string[] ReservedContextKeys = ["name", "package-path"];

    public static List<string> Validate(PackageVariant pv)
    {
        var errors = new List<string>();
        var spec = pv.Spec;
        if (spec.Upstream is null)
        {
            errors.Add("missing required field spec.upstream");
        }
        else
        {
            if (string.IsNullOrEmpty(spec.Upstream.Repo))
            {
                errors.Add("missing required field spec.upstream.repo");
            }

            if (string.IsNullOrEmpty(spec.Upstream.Package))
            {
                errors.Add("missing required field spec.upstream.package");
            }
        }

        if (spec.Downstream is null)
        {
            errors.Add("missing required field spec.downstream");
        }
        else
        {
            if (string.IsNullOrEmpty(spec.Downstream.Repo))
            {
                errors.Add("missing required field spec.downstream.repo");
            }

            if (string.IsNullOrEmpty(spec.Downstream.Package))
            {
                errors.Add("missing required field spec.downstream.package");
            }
        }

        if (string.IsNullOrEmpty(spec.AdoptionPolicy))
        {
            spec.AdoptionPolicy = PackageVariantApi.AdoptionPolicyAdoptNone;
        }

        if (string.IsNullOrEmpty(spec.DeletionPolicy))
        {
            spec.DeletionPolicy = PackageVariantApi.DeletionPolicyDelete;
        }

        if (spec.AdoptionPolicy is not (PackageVariantApi.AdoptionPolicyAdoptNone or PackageVariantApi.AdoptionPolicyAdoptExisting))
        {
            errors.Add($"spec.adoptionPolicy field can only be \"{PackageVariantApi.AdoptionPolicyAdoptNone}\" or \"{PackageVariantApi.AdoptionPolicyAdoptExisting}\"");
        }

        if (spec.DeletionPolicy is not (PackageVariantApi.DeletionPolicyOrphan or PackageVariantApi.DeletionPolicyDelete))
        {
            errors.Add($"spec.deletionPolicy can only be \"{PackageVariantApi.DeletionPolicyOrphan}\" or \"{PackageVariantApi.DeletionPolicyDelete}\"");
        }

        if (spec.PackageContext is { } pc)
        {
            foreach (var invalid in ReservedContextKeys)
            {
                if (pc.Data is { Count: > 0 } data && data.ContainsKey(invalid))
                {
                    errors.Add($"spec.packageContext.data: Invalid value: {GoMap(data)}: must not contain the key \"{invalid}\"");
                }

                foreach (var key in pc.RemoveKeys ?? [])
                {
                    if (key == invalid)
                    {
                        errors.Add($"spec.packageContext.removeKeys: Invalid value: {GoSlice(pc.RemoveKeys!)}: must not contain the key \"{invalid}\"");
                    }
                }
            }
        }

        for (var i = 0; i < (spec.Injectors?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(spec.Injectors![i].Name))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"spec.injectors[{i}].name must not be empty"));
            }
        }

        return errors;
    }

    /// <summary>Porch's <c>combineErrors</c>: the non-empty messages joined by "; ".</summary>
    public static string Combine(IEnumerable<string> errors) => string.Join("; ", errors.Where(e => e.Length > 0));

    /// <summary>A map as field.Invalid prints it (Go's <c>%#v</c> of map[string]string, keys sorted).</summary>
    private static string GoMap(Dictionary<string, string> map)
    {
        var text = new StringBuilder("map[string]string{");
        var first = true;
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(first ? "" : ", ").Append(Porch.Krm.GoString.Quote(key)).Append(':').Append(Porch.Krm.GoString.Quote(value));
            first = false;
        }

        return text.Append('}').ToString();
    }

    /// <summary>A slice as field.Invalid prints it (Go's <c>%#v</c> of []string).</summary>
    private static string GoSlice(List<string> list) => "[]string{" + string.Join(", ", list.Select(Porch.Krm.GoString.Quote)) + "}";
}
