namespace Porch.Krm;

/// <summary>Kptfile <c>upstreamLock</c>: the exact upstream revision last fetched.</summary>
public sealed class KptUpstreamLock
{
    /// <summary><c>type</c>: <c>git</c> or <c>generic</c>.</summary>
    public string? Type { get; set; }

    /// <summary><c>git</c>: repo, directory, ref and commit.</summary>
    public KptGitReference? Git { get; set; }

    /// <summary><c>generic</c>: storeID, resourceID, resourceVersion for non-Git stores.</summary>
    public IDictionary<string, string> Generic { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal static KptUpstreamLock? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.UpstreamLock", ["type", "git", "generic"]);
        var result = new KptUpstreamLock
        {
            Type = Kptfile.StrictReader.Str(node, "type"),
            Git = KptGitReference.Read(node.Get("git"), reader, "v1.GitLock", withCommit: true),
        };
        if (node.Get("generic") is { } generic)
        {
            reader.Fields(generic, "v1.GenericLock", ["storeID", "resourceID", "resourceVersion"]);
            Kptfile.StrictReader.Map(node, "generic", result.Generic);
        }

        return result;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "type", Type);
        Kptfile.AddIf(map, "git", Git?.ToNode());
        var generic = YamlNode.Mapping();
        foreach (var key in new[] { "storeID", "resourceID", "resourceVersion" })
        {
            Kptfile.SetIf(generic, key, Generic.TryGetValue(key, out var v) ? v : null);
        }

        Kptfile.AddIf(map, "generic", generic);
        return map;
    }
}
