using System.Globalization;
using Porch.Krm;
using Porch.PackageVariants.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// The edits a PackageVariant makes to its downstream draft's resources (Porch's <c>ensurePackageContext</c> and
/// <c>ensureKRMFunctions</c>), with Porch's error texts.
/// </summary>
internal static class PackageVariantMutations
{
    public const string PackageContextFile = "package-context.yaml";

    public static void EnsurePackageContext(PackageVariant pv, string prrNamespace, string prrName, Dictionary<string, string> resources)
    {
        var pc = pv.Spec.PackageContext;
        if (pc is null || ((pc.Data?.Count ?? 0) == 0 && (pc.RemoveKeys?.Count ?? 0) == 0))
        {
            return;
        }

        var cm = GetFileKubeObject(resources, PackageContextFile, "ConfigMap", "kptfile.kpt.dev", prrNamespace, prrName);
        if (cm.GetNode("data") is not { Kind: YamlNodeKind.Mapping } data)
        {
            throw new InvalidOperationException($"PackageRevisionResources {prrNamespace}/{prrName} PackageContext no data field found");
        }

        foreach (var (key, value) in pc.Data ?? [])
        {
            data.SetString(key, value);
        }

        foreach (var key in pc.RemoveKeys ?? [])
        {
            data.Remove(key);
        }

        KyamlFieldOrder.Sort(data);
        cm.Document.SequenceIndent = SequenceIndentStyle.Compact; // fn.KubeObject.String() writes compact sequences
        resources[PackageContextFile] = cm.ToYaml();
    }

    /// <summary>
    /// Prepends the variant's mutators and validators to the Kptfile pipeline under Porch's generated names
    /// (<c>PackageVariant.&lt;pv&gt;.&lt;fn&gt;.&lt;index&gt;</c>), replacing the ones it added before; removes
    /// empty lists and an empty pipeline.
    /// </summary>
    public static void EnsureKrmFunctions(PackageVariant pv, string prrNamespace, string prrName, Dictionary<string, string> resources)
    {
        var kptfile = GetFileKubeObject(resources, Kptfile.FileName, "", "", prrNamespace, prrName);
        var pvName = pv.Metadata.Name ?? "";
        var pipeline = kptfile.Root.Get("pipeline") is { Kind: YamlNodeKind.Mapping } existing ? existing : null;
        foreach (var field in new[] { "mutators", "validators" })
        {
            var wanted = field == "mutators" ? pv.Spec.Pipeline?.Mutators : pv.Spec.Pipeline?.Validators;
            var kept = new List<YamlNode>();
            if (pipeline?.Get(field) is { Kind: YamlNodeKind.Sequence } items)
            {
                kept.AddRange(items.Children.Where(item => !IsPackageVariantFunc(item, pvName)));
            }

            var result = new List<YamlNode>();
            for (var i = 0; i < (wanted?.Count ?? 0); i++)
            {
                result.Add(FunctionNode(wanted![i], GeneratePvFuncName(wanted[i].Name ?? "", pvName, i)));
            }

            result.AddRange(kept);
            if (result.Count > 0)
            {
                pipeline ??= kptfile.Root.GetOrAddMapping("pipeline");
                var seq = YamlNode.Sequence();
                foreach (var node in result)
                {
                    seq.Add(node);
                }

                pipeline.Set(field, seq);
            }
            else
            {
                pipeline?.Remove(field);
            }
        }

        if (pipeline is not null && pipeline.Get("mutators") is null && pipeline.Get("validators") is null)
        {
            kptfile.Root.Remove("pipeline");
        }

        kptfile.Document.SequenceIndent = SequenceIndentStyle.Compact; // fn.KubeObject.String() writes compact sequences
        resources[Kptfile.FileName] = kptfile.ToYaml();
    }

    /// <summary>Porch's <c>isPackageVariantFunc</c>: a name of four dot-separated parts, this variant's, ending in a number.</summary>
    public static bool IsPackageVariantFunc(YamlNode function, string pvName)
    {
        if (function.Get("name") is not { Kind: YamlNodeKind.Scalar } nameNode)
        {
            return false;
        }

        var parts = nameNode.Value.Split('.');
        return parts.Length == 4 && parts[0] == PackageVariantApi.PackageVariantFuncPrefix && parts[1] == pvName &&
            int.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>Porch's <c>generatePVFuncName</c>.</summary>
    public static string GeneratePvFuncName(string funcName, string pvName, int position) =>
        string.Create(CultureInfo.InvariantCulture, $"{PackageVariantApi.PackageVariantFuncPrefix}.{pvName}.{funcName}.{position}");

    /// <summary>Porch's <c>getFileKubeObject</c> with its error texts.</summary>
    public static KubeObject GetFileKubeObject(Dictionary<string, string> resources, string file, string kind, string name, string ns, string prrName)
    {
        if (!resources.TryGetValue(file, out var text))
        {
            throw new InvalidOperationException($"\"{file}\" not found in PackageRevisionResources '{ns}/{prrName}'");
        }

        KubeObject ko;
        try
        {
            ko = KubeObject.Parse(text, file);
        }
        catch (KrmException ex)
        {
            throw new InvalidOperationException($"failed to parse \"{file}\" of PackageRevisionResources {ns}/{prrName}: {ex.Message}", ex);
        }

        if (kind.Length > 0 && ko.Kind != kind)
        {
            throw new InvalidOperationException($"\"{file}\" does not contain kind \"{kind}\" in PackageRevisionResources '{ns}/{prrName}'");
        }

        if (name.Length > 0 && ko.Name != name)
        {
            throw new InvalidOperationException($"\"{file}\" does not contain resource named \"{name}\" in PackageRevisionResources '{ns}/{prrName}'");
        }

        return ko;
    }

    /// <summary>Porch's <c>kptfilesEqual</c>: two Kptfiles that parse to the same content are equal.</summary>
    public static bool KptfilesEqual(string a, string b)
    {
        try
        {
            return Kptfile.Parse(a).ToYaml() == Kptfile.Parse(b).ToYaml();
        }
        catch (KrmException)
        {
            return false;
        }
    }

    private static YamlNode FunctionNode(FunctionSpec function, string name)
    {
        // Porch builds the entry from a typed object: kyaml orders its keys (name, image, then alphabetically).
        var map = YamlNode.Mapping();
        if (!string.IsNullOrEmpty(function.Image))
        {
            map.SetString("image", function.Image);
        }

        if (!string.IsNullOrEmpty(function.ConfigPath))
        {
            map.SetString("configPath", function.ConfigPath);
        }

        if (function.ConfigMap is { Count: > 0 })
        {
            map.Set("configMap", StringMap(function.ConfigMap));
        }

        map.SetString("name", name);
        foreach (var (key, selectors) in new[] { ("selectors", function.Selectors), ("exclude", function.Exclude) })
        {
            if (selectors is { Count: > 0 })
            {
                var seq = YamlNode.Sequence();
                foreach (var selector in selectors)
                {
                    seq.Add(SelectorNode(selector));
                }

                map.Set(key, seq);
            }
        }

        KyamlFieldOrder.Sort(map);
        return map;
    }

    private static YamlNode SelectorNode(FunctionSelector selector)
    {
        var map = YamlNode.Mapping();
        foreach (var (key, value) in new[] { ("apiVersion", selector.ApiVersion), ("kind", selector.Kind), ("name", selector.Name), ("namespace", selector.Namespace) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                map.SetString(key, value);
            }
        }

        if (selector.Labels is { Count: > 0 })
        {
            map.Set("labels", StringMap(selector.Labels));
        }

        if (selector.Annotations is { Count: > 0 })
        {
            map.Set("annotations", StringMap(selector.Annotations));
        }

        KyamlFieldOrder.Sort(map);
        return map;
    }

    private static YamlNode StringMap(Dictionary<string, string> values)
    {
        var map = YamlNode.Mapping();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            map.SetString(key, value);
        }

        return map;
    }
}
