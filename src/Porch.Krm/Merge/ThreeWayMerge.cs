// Longer than ~500 lines on purpose: one walker, as kyaml's merge3: maps, lists keyed by their merge keys and scalars
// are visited by one recursion.
using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// kyaml's field-level three-way merge (<c>yaml/merge3</c> visitor driven by <c>yaml/walk</c>, as Porch links it):
/// walks the destination (local), original and updated (new upstream) trees together and edits the destination in
/// place. Map keys are visited in sorted order; existing destination keys keep their place and new keys are appended.
/// </summary>
/// <remarks>
/// Rules: an explicit null in updated or destination removes the field; a value added or removed upstream is taken
/// from updated; a value unchanged upstream keeps the destination's; a value changed upstream replaces the
/// destination's (upstream wins a conflict). Lists with a <c>merge</c> patch strategy are merged element by element on
/// their keys; other lists are replaced wholesale when they changed upstream.
/// </remarks>
internal sealed class ThreeWayMerge
{
    /// <summary>kyaml's <c>AssociativeSequenceKeys</c>, in the order kyaml tries them when it infers a list's key.</summary>
    private static readonly string[] InferredKeys = ["mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort"];

    private readonly MergeSchemaSet _schemas;
    private readonly bool _inferAssociativeLists;
    private readonly List<string> _path = [];
    private int _depth;

    public ThreeWayMerge(MergeSchemaSet schemas, bool inferAssociativeLists)
    {
        _schemas = schemas;
        _inferAssociativeLists = inferAssociativeLists;
    }

    /// <summary>Merges <paramref name="original"/> → <paramref name="updated"/> into <paramref name="dest"/>, which is changed in place.</summary>
    /// <returns>The merged node (usually <paramref name="dest"/>), or null when the merge clears it.</returns>
    /// <exception cref="PackageMergeException">The trees disagree on a node's kind, or a list's merge key cannot be found.</exception>
    public YamlNode? Merge(YamlNode? dest, YamlNode? original, YamlNode? updated)
    {
        _path.Clear();
        _depth = 0;
        return Walk(dest, original, updated, null);
    }

    /// <summary>kyaml's <c>IsMissingOrNull</c>: absent, or a scalar that reads as null.</summary>
    internal static bool IsMissingOrNull(YamlNode? node) => node is null || IsTaggedNull(node);

    /// <summary>kyaml's <c>IsTaggedNull</c>: a scalar whose resolved tag is <c>!!null</c>.</summary>
    internal static bool IsTaggedNull(YamlNode? node) =>
        node is { Kind: YamlNodeKind.Scalar } && (node.IsNull || node.Tag is "!!null" or "tag:yaml.org,2002:null");

    private YamlNode? Walk(YamlNode? dest, YamlNode? origin, YamlNode? updated, MergeSchema? schema)
    {
        // One level per node walked into, through maps and lists alike (the last one a scalar): the nesting the reader limits.
        KrmLimits.CheckDepth(++_depth - 1);
        try
        {
            schema ??= SchemaOfResource(dest) ?? SchemaOfResource(origin) ?? SchemaOfResource(updated);
            var kind = KindOf(dest, origin, updated);
            switch (kind)
            {
                case null:
                case YamlNodeKind.Mapping:
                    return WalkMap(dest, origin, updated, schema);
                case YamlNodeKind.Sequence:
                    return IsAssociative(schema, dest, origin, updated)
                        ? WalkAssociativeList(dest, origin, updated, schema)
                        : VisitNonAssociativeList(dest, origin, updated);
                default:
                    return VisitScalar(dest, origin, updated);
            }
        }
        finally
        {
            _depth--;
        }
    }

    private YamlNodeKind? KindOf(YamlNode? dest, YamlNode? origin, YamlNode? updated)
    {
        YamlNodeKind? kind = null;
        foreach (var source in new[] { dest, origin, updated })
        {
            if (IsMissingOrNull(source))
            {
                continue;
            }

            var k = source!.Kind == YamlNodeKind.Alias ? YamlNodeKind.Scalar : source.Kind;
            if (kind is null)
            {
                kind = k;
            }
            else if (kind != k)
            {
                throw new PackageMergeException(
                    $"wrong Node Kind for {string.Join(".", _path)} expected: {kind}Node was {k}Node: value: {{{source.ToString().Trim()}}}");
            }
        }

        return kind;
    }

    private MergeSchema? SchemaOfResource(YamlNode? node)
    {
        if (node is not { Kind: YamlNodeKind.Mapping } || node.Get("apiVersion") is not { Kind: YamlNodeKind.Scalar } apiVersion
            || node.Get("kind") is not { Kind: YamlNodeKind.Scalar } kind || apiVersion.Value.Length == 0 || kind.Value.Length == 0)
        {
            return null;
        }

        return _schemas.ForResource(apiVersion.Value, kind.Value);
    }

    private YamlNode? WalkMap(YamlNode? dest, YamlNode? origin, YamlNode? updated, MergeSchema? schema)
    {
        if (IsTaggedNull(updated) || IsTaggedNull(dest))
        {
            return null;
        }

        if (dest is null && updated is null)
        {
            return null;
        }

        dest ??= YamlNode.Mapping();
        foreach (var key in FieldNames(dest, origin, updated))
        {
            var destKey = KeyNode(dest, key);
            var keyResult = VisitScalar(destKey, KeyNode(origin, key), KeyNode(updated, key));
            _path.Add(key);
            var value = Walk(dest.Get(key), Value(origin, key), Value(updated, key), schema?.Field(key));
            _path.RemoveAt(_path.Count - 1);
            YamlNode? comments = IsMissingOrNull(keyResult) ? null : keyResult;
            if (comments is not null && destKey is not null && !ReferenceEquals(comments, destKey))
            {
                destKey.HeadComment = comments.HeadComment;
                destKey.LineComment = comments.LineComment;
                destKey.FootComment = comments.FootComment;
            }

            SetField(dest, key, value, comments);
        }

        return dest;
    }

    private static IEnumerable<string> FieldNames(YamlNode dest, YamlNode? origin, YamlNode? updated)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in new[] { dest, origin, updated })
        {
            if (source is { Kind: YamlNodeKind.Mapping })
            {
                for (var i = 0; i + 1 < source.Children.Count; i += 2)
                {
                    names.Add(source.Children[i].Value);
                }
            }
        }

        return names;
    }

    private static YamlNode? Value(YamlNode? map, string key) => map is { Kind: YamlNodeKind.Mapping } ? map.Get(key) : null;

    private static YamlNode? KeyNode(YamlNode? map, string key) =>
        map is { Kind: YamlNodeKind.Mapping } && map.GetKeyNode(key) is { } k && !IsMissingOrNull(k) ? k : null;

    /// <summary>kyaml's <c>FieldSetter</c>: clears on null, replaces an existing value keeping its style, or appends.</summary>
    private static void SetField(YamlNode map, string key, YamlNode? value, YamlNode? keyComments)
    {
        if (value is null || IsTaggedNull(value))
        {
            map.Remove(key);
            return;
        }

        for (var i = 0; i + 1 < map.Children.Count; i += 2)
        {
            if (map.Children[i].Kind == YamlNodeKind.Scalar && map.Children[i].Value == key)
            {
                var existing = map.Children[i + 1];
                if (!ReferenceEquals(existing, value))
                {
                    KeepStyle(existing, value);
                    map.Children[i + 1] = value;
                }

                return;
            }
        }

        var keyNode = YamlNode.Scalar(key, YamlScalarStyle.Any);
        keyNode.HeadComment = keyComments?.HeadComment;
        keyNode.LineComment = keyComments?.LineComment;
        keyNode.FootComment = keyComments?.FootComment;
        map.Children.Add(keyNode);
        map.Children.Add(value);
    }

    /// <summary>The replaced value's style carries over to its replacement (go-yaml's style field is copied).</summary>
    private static void KeepStyle(YamlNode existing, YamlNode replacement)
    {
        if (existing.Kind != replacement.Kind)
        {
            return;
        }

        if (existing.Kind == YamlNodeKind.Scalar)
        {
            replacement.Style = existing.Style switch
            {
                // go-yaml's style 0: plain when the value reads back as the same type, double-quoted otherwise.
                YamlScalarStyle.Plain or YamlScalarStyle.Any => replacement.Style == YamlScalarStyle.Plain ? YamlScalarStyle.Plain : YamlScalarStyle.Any,
                var style => style,
            };
        }
        else
        {
            replacement.IsFlow = existing.IsFlow;
        }
    }

    private static YamlNode? VisitScalar(YamlNode? dest, YamlNode? origin, YamlNode? updated)
    {
        if (IsTaggedNull(updated) || IsTaggedNull(dest))
        {
            return null;
        }

        var updatedMissing = IsMissingOrNull(updated);
        var originMissing = IsMissingOrNull(origin);
        if (updatedMissing != originMissing)
        {
            return updated?.Clone();
        }

        if (updatedMissing)
        {
            return dest;
        }

        return ScalarText(updated!) != ScalarText(origin!) ? updated!.Clone() : dest;
    }

    /// <summary>What kyaml compares for scalars: the node as it would be written (value, quoting, tag and comments).</summary>
    private static (string, bool, string?, string?, string?, string?) ScalarText(YamlNode node) =>
        (node.Value, node.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any, node.Tag, node.HeadComment, node.LineComment, node.FootComment);

    private static YamlNode? VisitNonAssociativeList(YamlNode? dest, YamlNode? origin, YamlNode? updated)
    {
        if (IsTaggedNull(updated) || IsTaggedNull(dest))
        {
            return null;
        }

        var updatedMissing = IsMissingOrNull(updated);
        if (updatedMissing != IsMissingOrNull(origin))
        {
            return updated?.Clone();
        }

        if (updatedMissing)
        {
            return dest;
        }

        return SameText(updated!, origin!) ? dest : updated!.Clone();
    }

    /// <summary>Compares two trees as kyaml's flow-style serialisation would: kinds, values, quoting and tags.</summary>
    private static bool SameText(YamlNode a, YamlNode b, int depth = 1)
    {
        if (a.Kind != b.Kind || a.Children.Count != b.Children.Count)
        {
            return false;
        }

        if (a.Children.Count > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        if (a.Kind is YamlNodeKind.Scalar or YamlNodeKind.Alias)
        {
            return a.Value == b.Value && a.Tag == b.Tag
                && (a.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any) == (b.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any);
        }

        for (var i = 0; i < a.Children.Count; i++)
        {
            if (!SameText(a.Children[i], b.Children[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsAssociative(MergeSchema? schema, YamlNode? dest, YamlNode? origin, YamlNode? updated)
    {
        if (schema is not null)
        {
            return schema.HasMergeStrategy;
        }

        if (!_inferAssociativeLists)
        {
            return false;
        }

        return new[] { dest, origin, updated }.Any(s => !IsMissingOrNull(s) && InferKey(s!) is not null);
    }

    /// <summary>kyaml's <c>GetAssociativeKey</c>: the first well-known key every element of the list has.</summary>
    private static string? InferKey(YamlNode list)
    {
        if (list.Kind != YamlNodeKind.Sequence || list.Children.Count == 0)
        {
            return null;
        }

        foreach (var key in InferredKeys)
        {
            if (list.Children.All(e => e.Kind == YamlNodeKind.Mapping && e.Get(key) is not null))
            {
                return key;
            }
        }

        return null;
    }

    private YamlNode? WalkAssociativeList(YamlNode? dest, YamlNode? origin, YamlNode? updated, MergeSchema? schema)
    {
        if (IsMissingOrNull(updated) && !IsMissingOrNull(origin))
        {
            return null;
        }

        if (IsMissingOrNull(dest))
        {
            dest = YamlNode.Sequence();
        }

        IReadOnlyList<string> keys = schema?.Keys ?? [];
        if (string.IsNullOrEmpty(schema?.PatchStrategy) && keys.Count == 0)
        {
            keys = [ElementKey(dest, origin, updated)];
        }

        var values = ElementValues(keys, dest!, origin, updated);
        return values.Count > 0 || keys.Count > 0
            ? MergeElements(values, keys, dest!, origin, updated, schema?.Elements())
            : MergePrimitives(dest!, origin, updated);
    }

    private string ElementKey(YamlNode? dest, YamlNode? origin, YamlNode? updated)
    {
        string? key = null;
        foreach (var source in new[] { dest, origin, updated })
        {
            if (source is not { Kind: YamlNodeKind.Sequence } || source.Children.Count == 0)
            {
                continue;
            }

            var found = InferKey(source) ?? "";
            if (key is not null && key != found)
            {
                throw new PackageMergeException($"conflicting merge keys [{key},{found}] for field {string.Join(".", _path)}");
            }

            key = found;
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new PackageMergeException("no merge key found for field " + string.Join(".", _path));
        }

        return key;
    }

    private static List<string[]> ElementValues(IReadOnlyList<string> keys, YamlNode dest, YamlNode? origin, YamlNode? updated)
    {
        var result = new List<string[]>();
        if (keys.Count == 0)
        {
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in new[] { dest, origin, updated })
        {
            if (source is not { Kind: YamlNodeKind.Sequence })
            {
                continue;
            }

            foreach (var element in source.Children)
            {
                var values = keys.Select(k => KeyValue(element, k)).ToArray();
                if (seen.Add(string.Join("\0", values)))
                {
                    result.Add(values);
                }
            }
        }

        return result;
    }

    private static string KeyValue(YamlNode element, string key) =>
        element.Kind == YamlNodeKind.Mapping && element.Get(key) is { Kind: YamlNodeKind.Scalar } v ? v.Value : "";

    /// <summary>kyaml's <c>validateKeys</c>: only the keys that have a value, or all keys when none has.</summary>
    private static (string[] Keys, string[] Values) ValidKeys(string[] values, IReadOnlyList<string> keys)
    {
        var k = new List<string>();
        var v = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length > 0)
            {
                k.Add(keys[i]);
                v.Add(values[i]);
            }
        }

        return k.Count == 0 ? ([.. keys], values) : ([.. k], [.. v]);
    }

    private static YamlNode? FindElement(YamlNode? list, string[] keys, string[] values)
    {
        if (list is not { Kind: YamlNodeKind.Sequence })
        {
            return null;
        }

        foreach (var element in list.Children)
        {
            if (Matches(element, keys, values))
            {
                return element;
            }
        }

        return null;
    }

    private static bool Matches(YamlNode element, string[] keys, string[] values)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (KeyValue(element, keys[i]) != values[i])
            {
                return false;
            }
        }

        return true;
    }

    private YamlNode MergeElements(List<string[]> values, IReadOnlyList<string> keys, YamlNode dest, YamlNode? origin, YamlNode? updated, MergeSchema? elementSchema)
    {
        var toAdd = new List<(YamlNode Element, string[] Keys, string[] Values)>();
        foreach (var value in values)
        {
            var (validKeys, validValues) = ValidKeys(value, keys);
            var merged = Walk(
                FindElement(dest, validKeys, validValues),
                FindElement(origin, validKeys, validValues),
                FindElement(updated, validKeys, validValues),
                elementSchema);
            if (IsMissingOrNull(merged) || merged is { Kind: YamlNodeKind.Mapping, Children.Count: 0 })
            {
                RemoveElements(dest, e => Matches(e, validKeys, validValues));
                continue;
            }

            if (merged!.Kind == YamlNodeKind.Mapping)
            {
                for (var i = 0; i < validKeys.Length; i++)
                {
                    if (merged.Get(validKeys[i]) is null)
                    {
                        merged.Set(validKeys[i], YamlNode.Scalar(validValues[i], YamlScalarStyle.Any));
                    }
                }
            }

            var existing = toAdd.FindIndex(t => Matches(t.Element, validKeys, validValues));
            if (existing >= 0)
            {
                toAdd[existing] = (merged, validKeys, validValues);
            }
            else
            {
                toAdd.Add((merged, validKeys, validValues));
            }
        }

        foreach (var (element, elementKeys, elementValues) in toAdd)
        {
            SetElement(dest, element, e => Matches(e, elementKeys, elementValues));
        }

        return dest;
    }

    private YamlNode MergePrimitives(YamlNode dest, YamlNode? origin, YamlNode? updated)
    {
        var values = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in new[] { dest, origin, updated })
        {
            if (source is { Kind: YamlNodeKind.Sequence })
            {
                foreach (var item in source.Children)
                {
                    if (seen.Add(item.Value))
                    {
                        values.Add(item.Value);
                    }
                }
            }
        }

        var toAdd = new List<YamlNode>();
        foreach (var value in values)
        {
            var merged = VisitScalar(Item(dest, value), Item(origin, value), Item(updated, value));
            if (IsMissingOrNull(merged))
            {
                RemoveElements(dest, e => e.Value == value);
                continue;
            }

            var existing = toAdd.FindIndex(e => e.Value == value);
            if (existing >= 0)
            {
                toAdd[existing] = merged!;
            }
            else
            {
                toAdd.Add(merged!);
            }
        }

        foreach (var element in toAdd)
        {
            SetElement(dest, element, e => e.Value == element.Value);
        }

        return dest;

        static YamlNode? Item(YamlNode? list, string value) =>
            list is { Kind: YamlNodeKind.Sequence } ? list.Children.FirstOrDefault(e => e.Value == value) : null;
    }

    /// <summary>
    /// kyaml's <c>ElementSetter</c>: replaces the first matching element in place, or appends; like kyaml it drops
    /// every null or empty-map element of the list on the way (an element needs at least its key).
    /// </summary>
    private static void SetElement(YamlNode list, YamlNode element, Func<YamlNode, bool> match)
    {
        DropEmptyElements(list);
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (match(list.Children[i]))
            {
                list.Children[i] = element;
                return;
            }
        }

        list.Children.Add(element);
    }

    private static void RemoveElements(YamlNode list, Func<YamlNode, bool> match)
    {
        DropEmptyElements(list);
        for (var i = list.Children.Count - 1; i >= 0; i--)
        {
            if (match(list.Children[i]))
            {
                list.Children.RemoveAt(i);
            }
        }
    }

    private static void DropEmptyElements(YamlNode list)
    {
        for (var i = list.Children.Count - 1; i >= 0; i--)
        {
            if (IsMissingOrNull(list.Children[i]) || list.Children[i] is { Kind: YamlNodeKind.Mapping, Children.Count: 0 })
            {
                list.Children.RemoveAt(i);
            }
        }
    }
}
