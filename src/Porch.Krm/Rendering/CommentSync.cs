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
            // Ranks are the position of each key's first occurrence in the input; keys the function added rank last.
            // Small mappings (nearly all of them) are searched in place rather than indexed, and the entries are only
            // collected when a key is out of order.
            var fromKeys = from.Children.Count > 2 * LinearRankLimit ? IndexKeys(from) : null;
            var inOrder = true;
            var last = -1;
            for (var i = 0; i + 1 < to.Children.Count; i += 2)
            {
                var rank = Rank(from, fromKeys, to.Children[i].Value);
                if (rank < last)
                {
                    inOrder = false;
                }

                last = rank;
                if (rank != int.MaxValue)
                {
                    SyncOrder(from.Children[(rank * 2) + 1], to.Children[i + 1], depth + 1);
                }
            }

            if (!inOrder)
            {
                Reorder(from, fromKeys, to);
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

    /// <summary>Mappings with at most this many keys are searched in place for a key's rank.</summary>
    private const int LinearRankLimit = 16;

    private static Dictionary<string, int> IndexKeys(YamlNode from)
    {
        var keys = new Dictionary<string, int>(from.Children.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < from.Children.Count; i += 2)
        {
            keys.TryAdd(from.Children[i].Value, i / 2);
        }

        return keys;
    }

    /// <summary>The position of the first entry of <paramref name="from"/> whose key is <paramref name="key"/>, or <see cref="int.MaxValue"/>.</summary>
    private static int Rank(YamlNode from, Dictionary<string, int>? index, string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var r) ? r : int.MaxValue;
        }

        var kids = from.Children;
        for (var i = 0; i + 1 < kids.Count; i += 2)
        {
            if (string.Equals(kids[i].Value, key, StringComparison.Ordinal))
            {
                return i / 2;
            }
        }

        return int.MaxValue;
    }

    /// <summary>Puts the entries of <paramref name="to"/> in rank order, entries of equal rank keeping their order.</summary>
    private static void Reorder(YamlNode from, Dictionary<string, int>? index, YamlNode to)
    {
        var entries = new List<(YamlNode Key, YamlNode Value, int Rank, int Position)>(to.Children.Count / 2);
        for (var i = 0; i + 1 < to.Children.Count; i += 2)
        {
            entries.Add((to.Children[i], to.Children[i + 1], Rank(from, index, to.Children[i].Value), i));
        }

        entries.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Position.CompareTo(b.Position));
        to.Children.Clear();
        foreach (var e in entries)
        {
            to.Children.Add(e.Key);
            to.Children.Add(e.Value);
        }
    }

    /// <summary>The element of <paramref name="from"/> that corresponds to <paramref name="element"/>: same <c>name</c>, else same position.</summary>
    private static YamlNode? MatchElement(YamlNode from, YamlNode element, int index)
    {
        if (element.Kind == YamlNodeKind.Mapping && element.Get("name") is { Kind: YamlNodeKind.Scalar } name)
        {
            for (var i = 0; i < from.Children.Count; i++)
            {
                var candidate = from.Children[i];
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
