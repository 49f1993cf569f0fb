namespace Porch.Krm;

/// <summary>A Git location in a Kptfile: <c>repo</c>, <c>directory</c>, <c>ref</c> and, in a lock, <c>commit</c>.</summary>
public sealed class KptGitReference
{
    /// <summary><c>repo</c>: the repository URL.</summary>
    public string? Repo { get; set; }

    /// <summary><c>directory</c>: the package's directory in the repository.</summary>
    public string? Directory { get; set; }

    /// <summary><c>ref</c>: branch, tag or commit.</summary>
    public string? Ref { get; set; }

    /// <summary><c>commit</c>: the resolved commit (locks only).</summary>
    public string? Commit { get; set; }

    internal static KptGitReference? Read(YamlNode? node, Kptfile.StrictReader reader, string typeName, bool withCommit)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, typeName, withCommit ? ["repo", "directory", "ref", "commit"] : ["repo", "directory", "ref"]);
        return new KptGitReference
        {
            Repo = Kptfile.StrictReader.Str(node, "repo"),
            Directory = Kptfile.StrictReader.Str(node, "directory"),
            Ref = Kptfile.StrictReader.Str(node, "ref"),
            Commit = withCommit ? Kptfile.StrictReader.Str(node, "commit") : null,
        };
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "repo", Repo);
        Kptfile.SetIf(map, "directory", Directory);
        Kptfile.SetIf(map, "ref", Ref);
        Kptfile.SetIf(map, "commit", Commit);
        return map;
    }
}
