using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// What kpt does to a resource that comes back from a function with the id of an input resource: comments of the
/// input are copied onto nodes that have none (kyaml <c>comments.CopyComments</c>) and map keys are put back in the
/// input's order, keys the function added moving to the end (kyaml <c>order.SyncOrder</c>).
/// </summary>
internal static class CommentSync
{
    public static void Apply(YamlNode from, YamlNode to)
    {
        CopyComments(from, to, 1);
        SyncOrder(from, to, 1);
    }

    private static void CopyComments(YamlNode from, YamlNode to, int depth)
    {
        CopyNodeComments(from, to);
        if (from.Kind != to.Kind)
        {
            return;
        }

        if (to.Children.Count > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        if (to.Kind == YamlNodeKind.Mapping)
        {
            for (var i = 0; i + 1 < to.Children.Count; i += 2)
            {
                var key = to.Children[i];
                var fromKey = from.GetKeyNode(key.Value);
                if (fromKey is null)
                {
                    continue;
                }

                CopyNodeComments(fromKey, key);
                CopyComments(from.Get(key.Value)!, to.Children[i + 1], depth + 1);
            }
        }
        else if (to.Kind == YamlNodeKind.Sequence)
        {
            for (var i = 0; i < to.Children.Count; i++)
            {
                if (MatchElement(from, to.Children[i], i) is { } source)
                {
                    CopyComments(source, to.Children[i], depth + 1);
                }
            }
        }
    }

    private static void CopyNodeComments(YamlNode from, YamlNode to)
    {
        if (string.IsNullOrEmpty(to.HeadComment))
        {
            to.HeadComment = from.HeadComment;
        }

        if (string.IsNullOrEmpty(to.LineComment))
        {
            to.LineComment = from.LineComment;
        }

        if (string.IsNullOrEmpty(to.FootComment))
        {
            to.FootComment = from.FootComment;
        }
    }

    private static void SyncOrder(YamlNode from, YamlNode to, int depth)
    {
        if (from.Kind != to.Kind)
        {
            return;
        }

        if (to.Children.Count > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        if (to.Kind == YamlNodeKind.Mapping)
        {
            var entries = new List<(YamlNode Key, YamlNode Value, int Rank)>(to.Children.Count / 2);
            var fromKeys = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < from.Children.Count; i += 2)
            {
                fromKeys.TryAdd(from.Children[i].Value, i / 2);
            }

            var inOrder = true;
            var last = -1;
            for (var i = 0; i + 1 < to.Children.Count; i += 2)
            {
                var key = to.Children[i];
                var rank = fromKeys.TryGetValue(key.Value, out var r) ? r : int.MaxValue;
                if (rank < last)
                {
                    inOrder = false;
                }

                last = rank;
                entries.Add((key, to.Children[i + 1], rank));
                if (rank != int.MaxValue)
                {
                    SyncOrder(from.Children[(rank * 2) + 1], to.Children[i + 1], depth + 1);
                }
            }

            if (!inOrder)
            {
                var sorted = entries.Select((e, i) => (e, i)).OrderBy(x => x.e.Rank).ThenBy(x => x.i).ToList();
                to.Children.Clear();
                foreach (var (e, _) in sorted)
                {
                    to.Children.Add(e.Key);
                    to.Children.Add(e.Value);
                }
            }
        }
        else if (to.Kind == YamlNodeKind.Sequence)
        {
            for (var i = 0; i < to.Children.Count; i++)
            {
                if (MatchElement(from, to.Children[i], i) is { } source)
                {
                    SyncOrder(source, to.Children[i], depth + 1);
                }
            }
        }
    }

    /// <summary>The element of <paramref name="from"/> that corresponds to <paramref name="element"/>: same <c>name</c>, else same position.</summary>
    private static YamlNode? MatchElement(YamlNode from, YamlNode element, int index)
    {
        if (element.Kind == YamlNodeKind.Mapping && element.Get("name") is { Kind: YamlNodeKind.Scalar } name)
        {
            foreach (var candidate in from.Children)
            {
                if (candidate.Get("name") is { Kind: YamlNodeKind.Scalar } other && other.Value == name.Value)
                {
                    return candidate;
                }
            }

            return null;
        }

        return index < from.Children.Count && from.Children[index].Kind == element.Kind ? from.Children[index] : null;
    }
}
