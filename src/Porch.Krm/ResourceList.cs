namespace Porch.Krm;

/// <summary>The KRM functions wire format (<c>config.kubernetes.io/v1</c> <c>ResourceList</c>): items, functionConfig, results.</summary>
public sealed class ResourceList
{
    /// <summary>The apiVersion kpt writes.</summary>
    public const string ResourceListApiVersion = "config.kubernetes.io/v1";

    /// <summary>The kind.</summary>
    public const string ResourceListKind = "ResourceList";

    /// <summary>The resources, with kpt's path and index annotations.</summary>
    public IList<KubeObject> Items { get; } = new List<KubeObject>();

    /// <summary>The function's configuration object, or null.</summary>
    public KubeObject? FunctionConfig { get; set; }

    /// <summary>Results a function reported.</summary>
    public IList<KrmResult> Results { get; } = new List<KrmResult>();

    /// <summary>
    /// Gets or sets what a function wrote to its standard error when it succeeded (a starlark program's
    /// <c>print</c>, for example), or null. kpt records it as the <c>stderr</c> of the function's result; Porch's function
    /// runner returns it as the response's <c>log</c>. It is not part of the ResourceList YAML.
    /// </summary>
    public string? Stderr { get; set; }

    /// <summary>Parses a ResourceList (also <c>v1beta1</c>, and <c>List</c>), accepting results wrapped as <c>{items: [...]}</c>.</summary>
    /// <param name="text">The YAML or JSON text.</param>
    /// <returns>The list.</returns>
    /// <exception cref="KrmYamlException">The text is not a ResourceList, or an item is not a mapping.</exception>
    public static ResourceList Parse(string text)
    {
        var doc = KrmYaml.ReadDocument(text, "ResourceList");
        var root = doc.Root;
        var kind = root.Get("kind")?.Value;
        var apiVersion = root.Get("apiVersion")?.Value;
        if (root.Kind != YamlNodeKind.Mapping || kind is not (ResourceListKind or "List")
            || (kind == ResourceListKind && apiVersion is not (ResourceListApiVersion or "config.kubernetes.io/v1beta1" or "config.kubernetes.io/v1alpha1")))
        {
            throw new KrmYamlException("ResourceList", root.Line, root.Column, $"input must be a ResourceList of apiVersion {ResourceListApiVersion}, got {apiVersion}/{kind}");
        }

        var list = new ResourceList();
        if (root.Get("items") is { Kind: YamlNodeKind.Sequence } items)
        {
            foreach (var item in items.Children)
            {
                if (item.Kind != YamlNodeKind.Mapping)
                {
                    throw new KrmYamlException("ResourceList", item.Line, item.Column, "wrong node kind: expected MappingNode but got " + item.Kind + "Node");
                }

                var itemDoc = new YamlDocument(item);
                if (item.Get("metadata")?.Get("annotations")?.Get(KrmAnnotations.SeqIndent) is { Value: "wide" })
                {
                    itemDoc.SequenceIndent = SequenceIndentStyle.Wide;
                }

                list.Items.Add(new KubeObject(itemDoc));
            }
        }

        if (root.Get("functionConfig") is { Kind: YamlNodeKind.Mapping } config)
        {
            list.FunctionConfig = new KubeObject(new YamlDocument(config));
        }

        var results = root.Get("results");
        if (results is { Kind: YamlNodeKind.Mapping } && results.Get("items") is { } wrapped)
        {
            results = wrapped;
        }

        if (results is { Kind: YamlNodeKind.Sequence })
        {
            foreach (var r in results.Children)
            {
                list.Results.Add(KrmResult.FromNode(r));
            }
        }

        return list;
    }

    /// <summary>Writes the list as kpt sends it to a function: <c>apiVersion, kind, items, functionConfig, results</c>, compact sequences.</summary>
    /// <returns>The YAML text.</returns>
    public string ToYaml()
    {
        var root = YamlNode.Mapping();
        root.Set("apiVersion", YamlNode.Scalar(ResourceListApiVersion, YamlScalarStyle.Plain));
        root.Set("kind", YamlNode.Scalar(ResourceListKind, YamlScalarStyle.Plain));
        var items = YamlNode.Sequence();
        foreach (var item in Items)
        {
            items.Add(ItemNode(item.Root));
        }

        root.Set("items", items);
        if (FunctionConfig is not null)
        {
            root.Set("functionConfig", FunctionConfig.Root);
        }

        if (Results.Count > 0)
        {
            var results = YamlNode.Sequence();
            foreach (var r in Results)
            {
                results.Add(r.ToNode());
            }

            root.Set("results", results);
        }

        return KrmYaml.WriteDocuments([new YamlDocument(root)]);
    }
    /// <summary>
    /// An item as go-yaml holds it: a comment right above a document's first key belongs to the document's mapping (the
    /// mapping-start event's head comment), so in a list it goes above the item's <c>-</c>, not after it.
    /// </summary>
    private static YamlNode ItemNode(YamlNode root)
    {
        if (root.Kind != YamlNodeKind.Mapping || !string.IsNullOrEmpty(root.HeadComment) || root.Children.Count == 0 || string.IsNullOrEmpty(root.Children[0].HeadComment))
        {
            return root;
        }

        // Only the mapping and its first key change; the rest of the item is shared, as the writer only reads it.
        var copy = root.ShallowCopy();
        var firstKey = copy.Children[0].ShallowCopy();
        copy.HeadComment = firstKey.HeadComment;
        firstKey.HeadComment = null;
        copy.Children[0] = firstKey;
        return copy;
    }

    /// <summary>
    /// Writes the items as kpt's <c>--output unwrap</c> does (cmdutil.WriteToOutput: kyaml's ByteWriter without a
    /// wrapping kind): one YAML stream in item order, each item with its own sequence indent, without the index, path and
    /// seqindent annotations (both key forms) and without an annotations map left empty.
    /// </summary>
    /// <returns>The YAML stream, or an empty string when there are no items.</returns>
    public string ToUnwrappedYaml()
    {
        var documents = new List<YamlDocument>(Items.Count);
        foreach (var item in Items)
        {
            var doc = PackageResources.CopyForAnnotationEdits(item.Document);
            var annotations = doc.Root.Get("metadata")?.Get("annotations");
            doc.SequenceIndent = annotations?.Get(KrmAnnotations.SeqIndent) is { Value: "wide" } ? SequenceIndentStyle.Wide : SequenceIndentStyle.Compact;
            if (annotations is { Kind: YamlNodeKind.Mapping })
            {
                foreach (var key in UnwrapClearedAnnotations)
                {
                    annotations.Remove(key);
                }

                if (annotations.Children.Count == 0)
                {
                    doc.Root.Get("metadata")!.Remove("annotations");
                }
            }

            documents.Add(doc);
        }

        return documents.Count == 0 ? "" : KrmYaml.WriteDocuments(documents);
    }

    /// <summary>What kyaml's ByteWriter clears without KeepReaderAnnotations, plus the keys kpt's unwrap asks it to clear.</summary>
    private static readonly string[] UnwrapClearedAnnotations =
    [
        KrmAnnotations.Index, KrmAnnotations.LegacyIndex, KrmAnnotations.SeqIndent, KrmAnnotations.Path, KrmAnnotations.LegacyPath,
    ];
}
