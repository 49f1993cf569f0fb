using System.Text.RegularExpressions;

namespace Porch.Krm;

/// <summary>One step of a Kptfile pipeline.</summary>
public sealed partial class KptFunction
{
    /// <summary><c>image</c>: the function's container image.</summary>
    public string? Image { get; set; }

    /// <summary><c>exec</c>: a local binary (never allowed in Porch).</summary>
    public string? Exec { get; set; }

    /// <summary><c>configPath</c>: package-relative path of the file holding the functionConfig.</summary>
    public string? ConfigPath { get; set; }

    /// <summary><c>configMap</c>: inline data for a ConfigMap functionConfig.</summary>
    public IDictionary<string, string> ConfigMap { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>name</c>: the step's identifier.</summary>
    public string? Name { get; set; }

    /// <summary><c>tag</c>: a semver or constraint overriding the image tag.</summary>
    public string? Tag { get; set; }

    /// <summary><c>selectors</c>: the step only sees resources matching any of them.</summary>
    public IList<KptSelector> Selectors { get; } = new List<KptSelector>();

    /// <summary><c>exclude</c>: resources matching any of them are not given to the step.</summary>
    public IList<KptSelector> Exclude { get; } = new List<KptSelector>();

    internal static KptFunction Read(YamlNode node, Kptfile.StrictReader reader)
    {
        reader.Fields(node, "v1.Function", ["image", "exec", "configPath", "configMap", "name", "tag", "selectors", "exclude"]);
        var fn = new KptFunction
        {
            Image = Kptfile.StrictReader.Str(node, "image"),
            Exec = Kptfile.StrictReader.Str(node, "exec"),
            ConfigPath = Kptfile.StrictReader.Str(node, "configPath"),
            Name = Kptfile.StrictReader.Str(node, "name"),
            Tag = Kptfile.StrictReader.Str(node, "tag"),
        };
        reader.StringMap(node, "configMap", fn.ConfigMap);
        foreach (var (key, list) in new[] { ("selectors", fn.Selectors), ("exclude", fn.Exclude) })
        {
            if (node.Get(key) is { Kind: YamlNodeKind.Sequence } items)
            {
                foreach (var item in items.Children)
                {
                    list.Add(KptSelector.Read(item, reader));
                }
            }
        }

        return fn;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "image", Image);
        Kptfile.SetIf(map, "exec", Exec);
        Kptfile.SetIf(map, "configPath", ConfigPath);
        Kptfile.SetMap(map, "configMap", ConfigMap);
        Kptfile.SetIf(map, "name", Name);
        Kptfile.SetIf(map, "tag", Tag);
        foreach (var (key, list) in new[] { ("selectors", Selectors), ("exclude", Exclude) })
        {
            if (list.Count > 0)
            {
                var seq = YamlNode.Sequence();
                foreach (var selector in list)
                {
                    seq.Add(selector.ToNode());
                }

                map.Set(key, seq);
            }
        }

        return map;
    }

    /// <summary>kpt's per-function checks; <paramref name="field"/> is e.g. <c>pipeline.mutators[0]</c>.</summary>
    internal string? Validate(string field)
    {
        var hasImage = !string.IsNullOrEmpty(Image);
        var hasExec = !string.IsNullOrEmpty(Exec);
        if (!hasImage && !hasExec)
        {
            return Kptfile.ValidationError(field, null, "must specify a functon (`image` or `exec`) to execute");
        }

        if (hasImage && hasExec)
        {
            return Kptfile.ValidationError(field, null, "must not specify both `image` and `exec` at the same time");
        }

        if (hasImage && !ImageReference().IsMatch(Image!))
        {
            return Kptfile.ValidationError(field + ".image", Image, $"function name \"{Image}\" is invalid");
        }

        if (ConfigMap.Count > 0 && ConfigPath is not null)
        {
            return Kptfile.ValidationError(field, null, "functionConfig must not specify both `configMap` and `configPath` at the same time");
        }

        if (ConfigPath is not null)
        {
            var path = ConfigPath.Trim();
            if (path.Length == 0)
            {
                return Kptfile.ValidationError(field + ".configPath", ConfigPath, "path must not be empty");
            }

            if (path.StartsWith('/'))
            {
                return Kptfile.ValidationError(field + ".configPath", ConfigPath, "path must be relative");
            }

            if (!PackagePath.IsValid(path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path))
            {
                return Kptfile.ValidationError(field + ".configPath", ConfigPath, "path must not be outside the package");
            }
        }

        return null;
    }

    // An OCI image reference: [registry[:port]/]path[:tag][@digest], lower-case path components.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageReference();
}
