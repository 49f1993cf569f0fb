using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// What kpt does to a resource that comes back from a function with the id of an input resource: comments of the
/// input are copied onto nodes that have none (kyaml <c>comments.CopyComments</c>) and map keys are put back in the
/// input's order, keys the function added moving to the end (kyaml <c>order.SyncOrder</c>).
/// </summary>
/// <remarks>
/// The input is read through a <see cref="SourceView"/>: when the function ran in place, the input and the output share
/// their nodes, and the view reads each input node as it was before the function changed it. The writes wait until
/// both walks are done, so no walk reads a node this sync has already changed.
/// </remarks>
internal static class CommentSync
{
    public static void Apply(YamlNode from, YamlNode to) => Apply(from, to, default, new Pending());

    public static void Apply(YamlNode from, YamlNode to, SourceView source, Pending pending)
    {
        Sync(from, to, 1, source, pending);
        pending.Apply();
    }

    /// <summary>Both walks for one pair of nodes: the comment copy, then the key order.</summary>
    private static void Sync(YamlNode from, YamlNode to, int depth, SourceView source, Pending pending)
    {
        if (ReferenceEquals(from, to) && !source.Changed(to))
        {
            SyncUnchanged(to, depth, source, pending);
            return;
        }

        CopyComments(from, to, depth, source, pending);
        SyncOrder(from, to, depth, source, pending);
    }

    /// <summary>
    /// Both walks where the input node is the output node, unchanged by the function (it ran in place): each key and
    /// item pairs with itself, so nothing changes, unless a mapping repeats a key or a sequence repeats an element
    /// <c>name</c> (the walks pair an element with the first of its name) or a key or element itself changed; those
    /// nodes take the full walks.
    /// </summary>
    private static void SyncUnchanged(YamlNode node, int depth, SourceView source, Pending pending)
    {
        var kids = node.ChildSpan;
        if (kids.Length == 0)
        {
            return;
        }

        KrmLimits.CheckDepth(depth);
        if (node.Kind == YamlNodeKind.Mapping)
        {
            if (!SelfPairedMapping(kids, source))
            {
                CopyComments(node, node, depth, source, pending);
                SyncOrder(node, node, depth, source, pending);
                return;
            }

            for (var i = 1; i < kids.Length; i += 2)
            {
                Sync(kids[i], kids[i], depth + 1, source, pending);
            }
        }
        else if (node.Kind == YamlNodeKind.Sequence)
        {
            if (!SelfPairedSequence(kids, source))
            {
                CopyComments(node, node, depth, source, pending);
                SyncOrder(node, node, depth, source, pending);
                return;
            }

            foreach (var item in kids)
            {
                Sync(item, item, depth + 1, source, pending);
            }
        }
    }

    /// <summary>Whether every key of an unchanged mapping is unchanged and the first with its text (so the walks pair it with itself).</summary>
    private static bool SelfPairedMapping(ReadOnlySpan<YamlNode> kids, SourceView source)
    {
        for (var i = 0; i + 1 < kids.Length; i += 2)
        {
            var key = kids[i];
            if (key.Kind != YamlNodeKind.Scalar || source.Changed(key))
            {
                return false;
            }

            for (var j = 0; j < i; j += 2)
            {
                if (string.Equals(kids[j].Value, key.Value, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return kids.Length % 2 == 0;
    }

    /// <summary>
    /// Whether every item of an unchanged sequence is unchanged and matched with itself: an element with a scalar
    /// <c>name</c> is the first of that name, with its name field unchanged.
    /// </summary>
    private static bool SelfPairedSequence(ReadOnlySpan<YamlNode> kids, SourceView source)
    {
        for (var i = 0; i < kids.Length; i++)
        {
            var item = kids[i];
            if (item.Kind != YamlNodeKind.Mapping)
            {
                continue;
            }

            if (source.Changed(item) || !TryGetName(item, source, out var name))
            {
                return false;
            }

            if (name is null)
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (kids[j].Kind == YamlNodeKind.Mapping && TryGetName(kids[j], source, out var other) && other == name)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The scalar <c>name</c> of a mapping element (null when it has none), or false when the function changed the
    /// element's first <c>name</c> key or its value (then only the full walks know what it matches).
    /// </summary>
    private static bool TryGetName(YamlNode element, SourceView source, out string? name)
    {
        name = null;
        var fields = element.ChildSpan;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (fields[i].Kind == YamlNodeKind.Scalar && string.Equals(fields[i].Value, "name", StringComparison.Ordinal))
            {
                var value = fields[i + 1];
                if (source.Changed(fields[i]) || source.Changed(value))
                {
                    return false;
                }

                name = value.Kind == YamlNodeKind.Scalar ? value.Value : null;
                return true;
            }
        }

        return true;
    }

    private static void CopyComments(YamlNode from, YamlNode to, int depth, SourceView source, Pending pending)
    {
        CopyNodeComments(from, to, source, pending);
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
                var fromKids = source.Children(from);
                var at = IndexOfKey(fromKids, key.Value, source);
                if (at < 0)
                {
                    continue;
                }

                CopyNodeComments(fromKids[at], key, source, pending);
                CopyComments(fromKids[at + 1], to.Children[i + 1], depth + 1, source, pending);
            }
        }
        else if (to.Kind == YamlNodeKind.Sequence)
        {
            for (var i = 0; i < to.Children.Count; i++)
            {
                if (MatchElement(from, to.Children[i], i, source) is { } match)
                {
                    CopyComments(match, to.Children[i], depth + 1, source, pending);
                }
            }
        }
    }

    private static void CopyNodeComments(YamlNode from, YamlNode to, SourceView source, Pending pending)
    {
        var (head, line, foot) = source.Comments(from);
        if ((string.IsNullOrEmpty(to.HeadComment) && !string.Equals(to.HeadComment, head, StringComparison.Ordinal))
            || (string.IsNullOrEmpty(to.LineComment) && !string.Equals(to.LineComment, line, StringComparison.Ordinal))
            || (string.IsNullOrEmpty(to.FootComment) && !string.Equals(to.FootComment, foot, StringComparison.Ordinal)))
        {
            pending.Comments(to, head, line, foot);
        }
    }

    private static void SyncOrder(YamlNode from, YamlNode to, int depth, SourceView source, Pending pending)
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
            var fromKeys = source.Children(from).Length > 2 * LinearRankLimit ? IndexKeys(from, source) : null;
            var inOrder = true;
            var last = -1;
            for (var i = 0; i + 1 < to.Children.Count; i += 2)
            {
                var rank = Rank(from, fromKeys, to.Children[i].Value, source);
                if (rank < last)
                {
                    inOrder = false;
                }

                last = rank;
                if (rank != int.MaxValue)
                {
                    SyncOrder(source.Children(from)[(rank * 2) + 1], to.Children[i + 1], depth + 1, source, pending);
                }
            }

            if (!inOrder)
            {
                pending.Order(to, Reorder(from, fromKeys, to, source));
            }
        }
        else if (to.Kind == YamlNodeKind.Sequence)
        {
            for (var i = 0; i < to.Children.Count; i++)
            {
                if (MatchElement(from, to.Children[i], i, source) is { } match)
                {
                    SyncOrder(match, to.Children[i], depth + 1, source, pending);
                }
            }
        }
    }

    /// <summary>Mappings with at most this many keys are searched in place for a key's rank.</summary>
    private const int LinearRankLimit = 16;

    private static Dictionary<string, int> IndexKeys(YamlNode from, SourceView source)
    {
        var kids = source.Children(from);
        var keys = new Dictionary<string, int>(kids.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < kids.Length; i += 2)
        {
            keys.TryAdd(source.Value(kids[i]), i / 2);
        }

        return keys;
    }

    /// <summary>The position of the first entry of <paramref name="from"/> whose key is <paramref name="key"/>, or <see cref="int.MaxValue"/>.</summary>
    private static int Rank(YamlNode from, Dictionary<string, int>? index, string key, SourceView source)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var r) ? r : int.MaxValue;
        }

        var kids = source.Children(from);
        for (var i = 0; i + 1 < kids.Length; i += 2)
        {
            if (string.Equals(source.Value(kids[i]), key, StringComparison.Ordinal))
            {
                return i / 2;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The index of the first key of a mapping's children that is a scalar with text <paramref name="key"/>, or -1 (<see cref="YamlNode.GetKeyNode"/>).</summary>
    private static int IndexOfKey(ReadOnlySpan<YamlNode> kids, string key, SourceView source)
    {
        for (var i = 0; i + 1 < kids.Length; i += 2)
        {
            if (kids[i].Kind == YamlNodeKind.Scalar && string.Equals(source.Value(kids[i]), key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The entries of <paramref name="to"/> in rank order, entries of equal rank keeping their order.</summary>
    private static YamlNode[] Reorder(YamlNode from, Dictionary<string, int>? index, YamlNode to, SourceView source)
    {
        var entries = new List<(YamlNode Key, YamlNode Value, int Rank, int Position)>(to.Children.Count / 2);
        for (var i = 0; i + 1 < to.Children.Count; i += 2)
        {
            entries.Add((to.Children[i], to.Children[i + 1], Rank(from, index, to.Children[i].Value, source), i));
        }

        entries.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Position.CompareTo(b.Position));
        var ordered = new YamlNode[entries.Count * 2];
        for (var i = 0; i < entries.Count; i++)
        {
            ordered[2 * i] = entries[i].Key;
            ordered[(2 * i) + 1] = entries[i].Value;
        }

        return ordered;
    }

    /// <summary>The writes of one sync, made after its walks: comments onto nodes that still have none, then key orders.</summary>
    internal sealed class Pending
    {
        private readonly List<(YamlNode Node, string? Head, string? Line, string? Foot)> _comments = [];
        private readonly List<(YamlNode Node, YamlNode[] Children)> _orders = [];

        public void Comments(YamlNode node, string? head, string? line, string? foot) => _comments.Add((node, head, line, foot));

        public void Order(YamlNode node, YamlNode[] children) => _orders.Add((node, children));

        public void Apply()
        {
            foreach (var (node, head, line, foot) in _comments)
            {
                if (string.IsNullOrEmpty(node.HeadComment))
                {
                    node.HeadComment = head;
                }

                if (string.IsNullOrEmpty(node.LineComment))
                {
                    node.LineComment = line;
                }

                if (string.IsNullOrEmpty(node.FootComment))
                {
                    node.FootComment = foot;
                }
            }

            foreach (var (node, children) in _orders)
            {
                var kids = node.Children;
                kids.Clear();
                foreach (var child in children)
                {
                    kids.Add(child);
                }
            }

            _comments.Clear();
            _orders.Clear();
        }
    }

    /// <summary>The element of <paramref name="from"/> that corresponds to <paramref name="element"/>: same <c>name</c>, else same position.</summary>
    private static YamlNode? MatchElement(YamlNode from, YamlNode element, int index, SourceView source)
    {
        var candidates = source.Children(from);
        if (element.Kind == YamlNodeKind.Mapping && element.Get("name") is { Kind: YamlNodeKind.Scalar } name)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Kind == YamlNodeKind.Mapping)
                {
                    var fields = source.Children(candidate);
                    var at = IndexOfKey(fields, "name", source);
                    if (at >= 0 && fields[at + 1] is { Kind: YamlNodeKind.Scalar } other && source.Value(other) == name.Value)
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        return index < candidates.Length && candidates[index].Kind == element.Kind ? candidates[index] : null;
    }

    /// <summary>
    /// How the input of a function is read: as the nodes are now (a function that ran on copies), or, for a function
    /// that ran in place, each node as it was before the function changed it (recorded by <c>function</c>).
    /// </summary>
    internal readonly struct SourceView(YamlUndoScope? function)
    {
        /// <summary>The root a document had before the function.</summary>
        public YamlNode Root(YamlDocument document) => function is null ? document.Root : function.FirstRoot(document);

        /// <summary>Whether the function changed the node (never, when it ran on copies).</summary>
        public bool Changed(YamlNode node) => function is not null && function.Changed(node);

        public ReadOnlySpan<YamlNode> Children(YamlNode node) =>
            function is not null && function.TryGetFirstState(node, out var state) ? state.Children : node.ChildSpan;

        public string Value(YamlNode node) =>
            function is not null && function.TryGetFirstState(node, out var state) ? state.Value : node.Value;

        public (string? Head, string? Line, string? Foot) Comments(YamlNode node) =>
            function is not null && function.TryGetFirstState(node, out var state) ? state.Comments : (node.HeadComment, node.LineComment, node.FootComment);
    }
}
