using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>A kustomize field spec: a slash-separated path, applied to resources of a group/version/kind (empty = any).</summary>
internal sealed record FieldSpec(string Group, string Version, string Kind, string Path, bool Create)
{
    public static FieldSpec Read(YamlNode node)
    {
        var create = KubeObjects.GetString(node, "create");
        return new FieldSpec(
            KubeObjects.GetString(node, "group") ?? "",
            KubeObjects.GetString(node, "version") ?? "",
            KubeObjects.GetString(node, "kind") ?? "",
            KubeObjects.GetString(node, "path") ?? "",
            string.Equals(create, "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>kustomize's <c>Gvk.IsSelected</c>: every non-empty part of the spec equals the object's.</summary>
    public bool Selects(KubeObject obj)
    {
        var (group, version) = KubeObjects.SplitApiVersion(obj.ApiVersion);
        return (Group.Length == 0 || Group == group) && (Version.Length == 0 || Version == version) && (Kind.Length == 0 || Kind == obj.Kind);
    }

    /// <summary>
    /// The mappings this spec reaches in <paramref name="root"/>, creating missing mappings when <see cref="Create"/> is
    /// set; a sequence on the way is entered element by element, as kustomize's field-spec filter does.
    /// </summary>
    public List<(YamlNode Node, string Path)> Resolve(YamlNode root)
    {
        var found = new List<(YamlNode, string)>();
        Walk(root, Path.Split('/', StringSplitOptions.RemoveEmptyEntries), 0, "", found);
        return found;
    }

    private void Walk(YamlNode node, string[] segments, int i, string dotted, List<(YamlNode, string)> found)
    {
        if (node.Kind == YamlNodeKind.Sequence)
        {
            foreach (var element in node.Children)
            {
                Walk(element, segments, i, dotted, found);
            }

            return;
        }

        if (i == segments.Length)
        {
            found.Add((node, dotted));
            return;
        }

        if (node.Kind != YamlNodeKind.Mapping)
        {
            return;
        }

        var key = segments[i];
        var next = node.Get(key);
        var path = dotted.Length == 0 ? key : dotted + "." + key;
        if (next is null || next.IsNull)
        {
            if (!Create)
            {
                return;
            }

            next = YamlNode.Mapping();
            node.Set(key, next);
        }

        Walk(next, segments, i + 1, path, found);
    }
}
