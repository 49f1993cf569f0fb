namespace Porch.Krm;

/// <summary>Kptfile <c>upstream</c>: where the package came from and how it is updated.</summary>
public sealed class KptUpstream
{
    /// <summary><c>type</c>: <c>git</c> or <c>generic</c>.</summary>
    public string? Type { get; set; }

    /// <summary><c>git</c>: repo, directory and ref.</summary>
    public KptGitReference? Git { get; set; }

    /// <summary><c>updateStrategy</c>: resource-merge, fast-forward, force-delete-replace or copy-merge.</summary>
    public string? UpdateStrategy { get; set; }

    internal static KptUpstream? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.Upstream", ["type", "git", "updateStrategy"]);
        return new KptUpstream
        {
            Type = Kptfile.StrictReader.Str(node, "type"),
            Git = KptGitReference.Read(node.Get("git"), reader, "v1.Git", withCommit: false),
            UpdateStrategy = Kptfile.StrictReader.Str(node, "updateStrategy"),
        };
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "type", Type);
        Kptfile.AddIf(map, "git", Git?.ToNode());
        Kptfile.SetIf(map, "updateStrategy", UpdateStrategy);
        return map;
    }
}
