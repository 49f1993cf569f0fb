using System.Text.Json;
using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// The part of an OpenAPI schema a three-way merge needs: the schema of a field or of list items, and a list's patch
/// strategy and keys. Built from kyaml's Kubernetes v1.21.2 facts (embedded) or from a CRD's <c>openAPIV3Schema</c>.
/// </summary>
internal sealed class MergeSchema
{

    private static readonly Lazy<Facts> BuiltIn = new(LoadFacts);

    private readonly Facts? _facts;
    private readonly string? _definition;
    private readonly string? _itemsDefinition;
    private readonly string? _valuesDefinition;
    private readonly YamlNode? _crd;

    private MergeSchema(Facts? facts, string? definition, string? itemsDefinition, string? valuesDefinition, YamlNode? crd, string? patchStrategy, IReadOnlyList<string> keys)
    {
        _facts = facts;
        _definition = definition;
        _itemsDefinition = itemsDefinition;
        _valuesDefinition = valuesDefinition;
        _crd = crd;
        PatchStrategy = patchStrategy;
        Keys = keys;
    }

    /// <summary>The list's <c>x-kubernetes-patch-strategy</c>, or null.</summary>
    public string? PatchStrategy { get; }

    /// <summary><c>x-kubernetes-list-map-keys</c> when present, else the <c>x-kubernetes-patch-merge-key</c>, else empty.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Whether the patch strategy contains <c>merge</c> (kyaml's test for an associative list).</summary>
    public bool HasMergeStrategy => PatchStrategy is not null && PatchStrategy.Split(',').Contains("merge", StringComparer.Ordinal);

    /// <summary>The schema of a built-in Kubernetes kind, or null when kyaml's data does not know it.</summary>
    public static MergeSchema? ForBuiltInKind(string apiVersion, string kind)
    {
        var facts = BuiltIn.Value;
        return facts.Kinds.TryGetValue((apiVersion, kind), out var definition) ? Definition(facts, definition) : null;
    }

    /// <summary>The schema rooted at a CRD version's <c>openAPIV3Schema</c> node.</summary>
    public static MergeSchema FromOpenApiV3(YamlNode schema) => FromCrdNode(schema);

    /// <summary>The schema of a field of this object schema, or null when unknown.</summary>
    public MergeSchema? Field(string name)
    {
        if (_crd is not null)
        {
            if (_crd.Get("properties")?.Get(name) is { Kind: YamlNodeKind.Mapping } property)
            {
                return FromCrdNode(property);
            }

            return _crd.Get("additionalProperties") is { Kind: YamlNodeKind.Mapping } additional ? FromCrdNode(additional) : null;
        }

        if (_facts is null)
        {
            return null;
        }

        if (_valuesDefinition is not null)
        {
            return Definition(_facts, _valuesDefinition);
        }

        if (_definition is null)
        {
            return null;
        }

        if (_facts.ListMerge.TryGetValue((_definition, name), out var list))
        {
            var items = list.Items ?? (_facts.Refs.TryGetValue((_definition, name), out var r) && r.StartsWith("[]", StringComparison.Ordinal) ? r[2..] : null);
            return new MergeSchema(_facts, null, items, null, null, list.PatchStrategy, list.Keys);
        }

        if (!_facts.Refs.TryGetValue((_definition, name), out var reference))
        {
            return null;
        }

        if (reference.StartsWith("[]", StringComparison.Ordinal))
        {
            return new MergeSchema(_facts, null, reference[2..], null, null, null, []);
        }

        if (reference.StartsWith("{}", StringComparison.Ordinal))
        {
            return new MergeSchema(_facts, null, null, reference[2..], null, null, []);
        }

        return Definition(_facts, reference);
    }

    /// <summary>The schema of the items of this list schema, or null.</summary>
    public MergeSchema? Elements()
    {
        if (_crd is not null)
        {
            return _crd.Get("items") is { Kind: YamlNodeKind.Mapping } items ? FromCrdNode(items) : null;
        }

        return _facts is not null && _itemsDefinition is not null ? Definition(_facts, _itemsDefinition) : null;
    }

    private static MergeSchema Definition(Facts facts, string definition) => new(facts, definition, null, null, null, null, []);

    private static MergeSchema FromCrdNode(YamlNode node)
    {
        var strategy = node.Get("x-kubernetes-patch-strategy") is { Kind: YamlNodeKind.Scalar } s ? s.Value : null;
        IReadOnlyList<string> keys = [];
        if (node.Get("x-kubernetes-list-map-keys") is { Kind: YamlNodeKind.Sequence } mapKeys && mapKeys.Children.Count > 0)
        {
            keys = mapKeys.Children.Where(k => k.Kind == YamlNodeKind.Scalar).Select(k => k.Value).ToList();
        }
        else if (node.Get("x-kubernetes-patch-merge-key") is { Kind: YamlNodeKind.Scalar } mergeKey && mergeKey.Value.Length > 0)
        {
            keys = [mergeKey.Value];
        }

        return new MergeSchema(null, null, null, null, node, strategy, keys);
    }

    private static Facts LoadFacts()
    {
        using var stream = KubernetesOpenApiFacts.Open();
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var facts = new Facts();
        foreach (var kind in root.GetProperty("kinds").EnumerateArray())
        {
            if (kind.TryGetProperty("definition", out var definition))
            {
                facts.Kinds[(kind.GetProperty("apiVersion").GetString()!, kind.GetProperty("kind").GetString()!)] = definition.GetString()!;
            }
        }

        foreach (var definition in root.GetProperty("refs").EnumerateObject())
        {
            foreach (var field in definition.Value.EnumerateObject())
            {
                facts.Refs[(definition.Name, field.Name)] = field.Value.GetString()!;
            }
        }

        foreach (var definition in root.GetProperty("listMerge").EnumerateObject())
        {
            foreach (var field in definition.Value.EnumerateObject())
            {
                var v = field.Value;
                string? Str(string name) => v.TryGetProperty(name, out var p) ? p.GetString() : null;
                IReadOnlyList<string> keys = v.TryGetProperty("listMapKeys", out var mapKeys)
                    ? mapKeys.EnumerateArray().Select(k => k.GetString()!).ToList()
                    : Str("patchMergeKey") is { } mergeKey ? [mergeKey] : [];
                facts.ListMerge[(definition.Name, field.Name)] = new ListFacts(Str("items"), Str("patchStrategy"), keys);
            }
        }

        return facts;
    }

    private sealed record ListFacts(string? Items, string? PatchStrategy, IReadOnlyList<string> Keys);

    private sealed class Facts
    {
        public Dictionary<(string ApiVersion, string Kind), string> Kinds { get; } = new();

        public Dictionary<(string Definition, string Field), string> Refs { get; } = new();

        public Dictionary<(string Definition, string Field), ListFacts> ListMerge { get; } = new();
    }
}
