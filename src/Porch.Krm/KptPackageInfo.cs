namespace Porch.Krm;

/// <summary>Kptfile <c>info</c>: descriptive fields, passed through, and readiness gates.</summary>
public sealed class KptPackageInfo
{
    /// <summary><c>site</c>.</summary>
    public string? Site { get; set; }

    /// <summary><c>emails</c>.</summary>
    public IList<string> Emails { get; } = new List<string>();

    /// <summary><c>license</c>.</summary>
    public string? License { get; set; }

    /// <summary><c>licenseFile</c>.</summary>
    public string? LicenseFile { get; set; }

    /// <summary><c>description</c>.</summary>
    public string? Description { get; set; }

    /// <summary><c>keywords</c>.</summary>
    public IList<string> Keywords { get; } = new List<string>();

    /// <summary><c>man</c>.</summary>
    public string? Man { get; set; }

    /// <summary><c>readinessGates[].conditionType</c>.</summary>
    public IList<string> ReadinessGates { get; } = new List<string>();

    internal static KptPackageInfo? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.PackageInfo", ["site", "emails", "license", "licenseFile", "description", "keywords", "man", "readinessGates"]);
        var info = new KptPackageInfo
        {
            Site = Kptfile.StrictReader.Str(node, "site"),
            License = Kptfile.StrictReader.Str(node, "license"),
            LicenseFile = Kptfile.StrictReader.Str(node, "licenseFile"),
            Description = Kptfile.StrictReader.Str(node, "description"),
            Man = Kptfile.StrictReader.Str(node, "man"),
        };
        Kptfile.StrictReader.List(node, "emails", info.Emails);
        Kptfile.StrictReader.List(node, "keywords", info.Keywords);
        if (node.Get("readinessGates") is { Kind: YamlNodeKind.Sequence } gates)
        {
            foreach (var gate in gates.Children)
            {
                reader.Fields(gate, "v1.ReadinessGate", ["conditionType"]);
                info.ReadinessGates.Add(Kptfile.StrictReader.Str(gate, "conditionType") ?? "");
            }
        }

        return info;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "site", Site);
        Kptfile.SetList(map, "emails", Emails);
        Kptfile.SetIf(map, "license", License);
        Kptfile.SetIf(map, "licenseFile", LicenseFile);
        Kptfile.SetIf(map, "description", Description);
        Kptfile.SetList(map, "keywords", Keywords);
        Kptfile.SetIf(map, "man", Man);
        if (ReadinessGates.Count > 0)
        {
            var gates = YamlNode.Sequence();
            foreach (var gate in ReadinessGates)
            {
                var g = YamlNode.Mapping();
                g.Set("conditionType", Kptfile.GoString(gate));
                gates.Add(g);
            }

            map.Set("readinessGates", gates);
        }

        return map;
    }
}
