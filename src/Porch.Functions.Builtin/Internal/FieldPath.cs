using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// kustomize's replacement field paths (<c>kyaml_utils.SmartSplit</c> plus kyaml's <c>PathMatcher</c>): dot-separated
/// fields, <c>[a.b]</c> for keys with dots, <c>[name=value]</c> to match list elements, <c>*</c> for every element, and
/// numeric list indexes.
/// </summary>
internal static class FieldPath
{
    /// <summary>Splits on dots outside brackets.</summary>
    public static List<string> Split(string path)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case '.' when depth == 0:
                    parts.Add(path[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(path[start..]);
        return parts;
    }

    /// <summary>Finds the nodes a path matches; with <paramref name="createLeaf"/> set, missing parts are created (the leaf of that kind).</summary>
    public static List<YamlNode> Match(YamlNode root, IReadOnlyList<string> path, YamlNodeKind? createLeaf)
    {
        var current = new List<YamlNode> { root };
        for (var i = 0; i < path.Count; i++)
        {
            var segment = path[i];
            var isLast = i == path.Count - 1;
            var createKind = createLeaf is null ? (YamlNodeKind?)null : isLast ? createLeaf : IsListSegment(path[i + 1]) ? YamlNodeKind.Sequence : YamlNodeKind.Mapping;
            var next = new List<YamlNode>();
            foreach (var node in current)
            {
                Step(node, segment, createKind, next);
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    private static bool IsListSegment(string segment) =>
        segment == "*" || int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
        || (segment.StartsWith('[') && segment.EndsWith(']') && segment.Contains('=', StringComparison.Ordinal));

    private static void Step(YamlNode node, string segment, YamlNodeKind? createKind, List<YamlNode> next)
    {
        if (segment == "*")
        {
            if (node.Kind == YamlNodeKind.Sequence)
            {
                next.AddRange(node.Children);
            }
            else if (node.Kind == YamlNodeKind.Mapping)
            {
                next.AddRange(node.Entries.Select(e => e.Value));
            }

            return;
        }

        if (segment.StartsWith('[') && segment.EndsWith(']') && segment.Contains('=', StringComparison.Ordinal))
        {
            if (node.Kind != YamlNodeKind.Sequence)
            {
                return;
            }

            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            var key = segment[1..eq];
            var value = segment[(eq + 1)..^1];
            var before = next.Count;
            foreach (var element in node.Children)
            {
                if (key.Length == 0 ? element.Kind == YamlNodeKind.Scalar && element.Value == value : KubeObjects.GetString(element, key) == value)
                {
                    next.Add(element);
                }
            }

            if (next.Count == before && createKind is not null)
            {
                YamlNode created;
                if (key.Length == 0)
                {
                    created = YamlScalars.String(value);
                }
                else
                {
                    created = YamlNode.Mapping();
                    created.Set(key, YamlScalars.String(value));
                }

                node.Add(created);
                next.Add(created);
            }

            return;
        }

        if (node.Kind == YamlNodeKind.Sequence)
        {
            if (int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < node.Children.Count)
            {
                next.Add(node.Children[index]);
            }

            return;
        }

        if (node.Kind != YamlNodeKind.Mapping)
        {
            return;
        }

        var field = segment.StartsWith('[') && segment.EndsWith(']') ? segment[1..^1] : segment;
        var child = node.Get(field);
        if (child is not null && !(child.IsNull && createKind is not null))
        {
            next.Add(child);
            return;
        }

        if (createKind is null)
        {
            return;
        }

        var made = createKind switch
        {
            YamlNodeKind.Sequence => YamlNode.Sequence(),
            YamlNodeKind.Scalar => YamlScalars.String(""),
            _ => YamlNode.Mapping(),
        };
        node.Set(field, made);
        next.Add(made);
    }
}
