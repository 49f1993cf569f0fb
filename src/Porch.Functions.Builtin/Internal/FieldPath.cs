using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// kustomize's replacement field paths (<c>kyaml_utils.SmartSplit</c> plus kyaml's <c>PathMatcher</c>): dot-separated
/// fields, <c>[a.b]</c> for keys with dots, <c>[name=value]</c> to match list elements, <c>*</c> for every element, and
/// numeric list indexes.
/// </summary>
internal sealed class FieldPath
{
    private readonly Segment[] _segments;

    private FieldPath(Segment[] segments) => _segments = segments;

    /// <summary>Splits on dots outside brackets and reads each segment once, so a path matched against many resources is parsed once.</summary>
    public static FieldPath Parse(string path)
    {
        var parts = new List<Segment>();
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
                    parts.Add(Segment.Read(path[start..i]));
                    start = i + 1;
                    break;
            }
        }

        parts.Add(Segment.Read(path[start..]));
        return new FieldPath([.. parts]);
    }

    /// <summary>Finds the nodes the path matches; with <paramref name="createLeaf"/> set, missing parts are created (the leaf of that kind).</summary>
    public List<YamlNode> Match(YamlNode root, YamlNodeKind? createLeaf)
    {
        var current = new List<YamlNode> { root };
        var next = new List<YamlNode>();
        for (var i = 0; i < _segments.Length; i++)
        {
            var isLast = i == _segments.Length - 1;
            var createKind = createLeaf is null ? (YamlNodeKind?)null : isLast ? createLeaf : _segments[i + 1].IsList ? YamlNodeKind.Sequence : YamlNodeKind.Mapping;
            next.Clear();
            foreach (var node in current)
            {
                Step(node, _segments[i], createKind, next);
            }

            (current, next) = (next, current);
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    private static void Step(YamlNode node, in Segment segment, YamlNodeKind? createKind, List<YamlNode> next)
    {
        if (segment.IsWildcard)
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

        if (segment.MatchKey is { } key)
        {
            if (node.Kind != YamlNodeKind.Sequence)
            {
                return;
            }

            var value = segment.MatchValue!;
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
            if (segment.Index >= 0 && segment.Index < node.Children.Count)
            {
                next.Add(node.Children[segment.Index]);
            }

            return;
        }

        if (node.Kind != YamlNodeKind.Mapping)
        {
            return;
        }

        var child = node.Get(segment.Field);
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
        node.Set(segment.Field, made);
        next.Add(made);
    }

    /// <summary>
    /// One segment, read once: <c>*</c>; <c>[key=value]</c> (an element match); otherwise a list index when it is
    /// decimal (for sequences) and a field name without its brackets (for mappings).
    /// </summary>
    private readonly record struct Segment(bool IsWildcard, string? MatchKey, string? MatchValue, int Index, string Field, bool IsList)
    {
        public static Segment Read(string text)
        {
            if (text == "*")
            {
                return new Segment(true, null, null, -1, text, IsList: true);
            }

            if (text.StartsWith('[') && text.EndsWith(']') && text.Contains('=', StringComparison.Ordinal))
            {
                var eq = text.IndexOf('=', StringComparison.Ordinal);
                return new Segment(false, text[1..eq], text[(eq + 1)..^1], -1, text, IsList: true);
            }

            var isIndex = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index);
            var field = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
            return new Segment(false, null, null, isIndex ? index : -1, field, IsList: isIndex);
        }
    }
}
