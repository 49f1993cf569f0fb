namespace Porch.Krm;

/// <summary>A pipeline step selector (or exclusion): every field that is set must match.</summary>
public sealed class KptSelector
{
    /// <summary><c>apiVersion</c>.</summary>
    public string? ApiVersion { get; set; }

    /// <summary><c>kind</c>.</summary>
    public string? Kind { get; set; }

    /// <summary><c>name</c>.</summary>
    public string? Name { get; set; }

    /// <summary><c>namespace</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary><c>labels</c>: all must be present with these values.</summary>
    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>annotations</c>: all must be present with these values.</summary>
    public IDictionary<string, string> Annotations { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    internal static KptSelector Read(YamlNode node, Kptfile.StrictReader reader)
    {
        reader.Fields(node, "v1.Selector", ["apiVersion", "kind", "name", "namespace", "labels", "annotations"]);
        var selector = new KptSelector
        {
            ApiVersion = Kptfile.StrictReader.Str(node, "apiVersion"),
            Kind = Kptfile.StrictReader.Str(node, "kind"),
            Name = Kptfile.StrictReader.Str(node, "name"),
            Namespace = Kptfile.StrictReader.Str(node, "namespace"),
        };
        Kptfile.StrictReader.Map(node, "labels", selector.Labels);
        Kptfile.StrictReader.Map(node, "annotations", selector.Annotations);
        return selector;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "apiVersion", ApiVersion);
        Kptfile.SetIf(map, "kind", Kind);
        Kptfile.SetIf(map, "name", Name);
        Kptfile.SetIf(map, "namespace", Namespace);
        Kptfile.SetMap(map, "labels", Labels);
        Kptfile.SetMap(map, "annotations", Annotations);
        return map;
    }
}
