using System.Text.Json.Nodes;
using Porch.Krm;

namespace Porch.Cli.Output;

/// <summary>
/// The form <c>rpkg pull</c> prints and <c>rpkg push</c> reads, as Porch's pull/push commands build it: the revision's
/// files plus a <c>.KptRevisionMetadata</c> file (a <c>KptRevisionMetadata</c> object holding the revision's object
/// metadata), each KRM file's objects annotated with their path and index as kyaml's reader does, sorted by path.
/// </summary>
internal static class RevisionResourceList
{
    /// <summary>The kind of the metadata item.</summary>
    public const string MetadataKind = "KptRevisionMetadata";

    /// <summary>The file <c>rpkg pull DIR</c> writes the metadata item to.</summary>
    public const string MetadataFile = ".KptRevisionMetadata";

    private const string PathAnnotation = "config.kubernetes.io/path";
    private const string IndexAnnotation = "config.kubernetes.io/index";
    private const string InternalPathAnnotation = "internal.config.kubernetes.io/path";
    private const string InternalIndexAnnotation = "internal.config.kubernetes.io/index";

    /// <summary>
    /// The text of <c>.KptRevisionMetadata</c> (Porch's <c>AddRevisionMetadata</c>): an empty apiVersion (the typed
    /// client leaves it out), the kind, and the object metadata as Go encodes a map, keys sorted at every level.
    /// </summary>
    public static string MetadataText(JsonObject? metadata)
    {
        var root = YamlNode.Mapping();
        root.Set("apiVersion", YamlNode.String(""));
        root.SetString("kind", MetadataKind);
        root.Set("metadata", JsonYaml.ToYaml(Sorted(metadata ?? [])));
        return KrmYaml.WriteDocuments([new YamlDocument(root)]);
    }

    /// <summary>
    /// The ResourceList text of a revision's files (pull's <c>writeToWriter</c>): the KRM files, the Kptfile and
    /// <c>.KptRevisionMetadata</c>, read in path order and annotated with their path and index.
    /// </summary>
    public static string Write(IReadOnlyDictionary<string, string> files)
    {
        var list = new ResourceList();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!IsListed(path))
            {
                continue;
            }

            var documents = KrmYaml.ReadDocuments(text, path);
            for (var i = 0; i < documents.Count; i++)
            {
                if (documents[i].Root.Kind != YamlNodeKind.Mapping)
                {
                    continue;
                }

                var item = new KubeObject(documents[i]);
                Annotate(item, path, i);
                list.Items.Add(item);
            }
        }

        return list.ToYaml();
    }

    /// <summary>
    /// Reads a ResourceList back into files (push's <c>readFromReader</c>): items are grouped by their path
    /// annotation (<c>&lt;namespace|non-namespaced&gt;/&lt;name|unnamed&gt;.yaml</c> without one), in index order,
    /// with the reader's annotations cleared. The metadata item becomes <c>.KptRevisionMetadata</c> like any file.
    /// </summary>
    /// <exception cref="Infrastructure.CliException">The text is not a ResourceList.</exception>
    public static Dictionary<string, string> Read(string text)
    {
        ResourceList list;
        try
        {
            list = ResourceList.Parse(text);
        }
        catch (KrmYamlException ex)
        {
            throw Infrastructure.CliException.Error("the input is not a ResourceList: " + ex.Message, ex);
        }

        var byPath = new SortedDictionary<string, List<(int Index, YamlDocument Document)>>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var path = item.GetAnnotation(InternalPathAnnotation) ?? item.GetAnnotation(PathAnnotation) ?? DefaultPath(item);
            var index = int.TryParse(item.GetAnnotation(InternalIndexAnnotation) ?? item.GetAnnotation(IndexAnnotation), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
            var document = item.Document.Clone();
            ClearAnnotations(document.Root);
            if (!byPath.TryGetValue(path, out var documents))
            {
                byPath[path] = documents = [];
            }

            documents.Add((index, document));
        }

        return byPath.ToDictionary(
            e => e.Key,
            e => KrmYaml.WriteDocuments(e.Value.OrderBy(d => d.Index).Select(d => d.Document).ToList()),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The resourceVersion in <c>.KptRevisionMetadata</c> (Porch's <c>GetResourceVersion</c>), with Porch's texts
    /// when the file is missing, unreadable or of another kind.
    /// </summary>
    /// <exception cref="Infrastructure.CliException">The metadata cannot be read.</exception>
    public static string? ResourceVersion(string? metadataText, string ns, string name)
    {
        const string Hint = "\nuse \"porchctl rpkg pull\" to download the remote package metadata before pushing";
        if (metadataText is null)
        {
            throw Infrastructure.CliException.Error($"\"{MetadataFile}\" not found in PackageRevisionResources '{ns}/{name}'" + Hint);
        }

        KubeObject metadata;
        try
        {
            metadata = KubeObject.Parse(metadataText, MetadataFile);
        }
        catch (KrmYamlException ex)
        {
            throw Infrastructure.CliException.Error($"failed to parse \"{MetadataFile}\" of PackageRevisionResources {ns}/{name}: {ex.Message}" + Hint, ex);
        }

        if (metadata.Kind != MetadataKind)
        {
            throw Infrastructure.CliException.Error($"\"{MetadataFile}\" does not contain kind \"{MetadataKind}\" in PackageRevisionResources '{ns}/{name}'" + Hint);
        }

        return metadata.Root.Get("metadata")?.Get("resourceVersion") is { Kind: YamlNodeKind.Scalar, IsNull: false } v && v.Value.Length > 0 ? v.Value : null;
    }

    /// <summary>The name in a <c>.KptRevisionMetadata</c> text, or null when it cannot be read.</summary>
    public static string? NameOf(string metadataText)
    {
        try
        {
            return KubeObject.Parse(metadataText, MetadataFile).Name;
        }
        catch (KrmYamlException)
        {
            return null;
        }
    }

    /// <summary>pull's <c>includeFile</c>: the file name matches kyaml's <c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>, or is a Kptfile or the metadata file.</summary>
    private static bool IsListed(string path) =>
        PackageResources.IsResourceFile(path) || path == MetadataFile || path.EndsWith("/" + MetadataFile, StringComparison.Ordinal);

    private static string DefaultPath(KubeObject item)
    {
        var ns = string.IsNullOrEmpty(item.Namespace) ? "non-namespaced" : item.Namespace;
        var name = string.IsNullOrEmpty(item.Name) ? "unnamed" : item.Name;
        return ns + "/" + name + ".yaml";
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static void Annotate(KubeObject item, string path, int index)
    {
        var indexText = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        item.SetAnnotation(IndexAnnotation, indexText);
        item.SetAnnotation(PathAnnotation, path);
        item.SetAnnotation(InternalIndexAnnotation, indexText);
        item.SetAnnotation(InternalPathAnnotation, path);
    }

    private static void ClearAnnotations(YamlNode root)
    {
        if (root.Get("metadata") is not { Kind: YamlNodeKind.Mapping } metadata || metadata.Get("annotations") is not { Kind: YamlNodeKind.Mapping } annotations)
        {
            return;
        }

        foreach (var key in new[] { PathAnnotation, IndexAnnotation, InternalPathAnnotation, InternalIndexAnnotation, "config.k8s.io/id", "internal.config.kubernetes.io/id", "internal.config.kubernetes.io/seqindent" })
        {
            annotations.Remove(key);
        }

        if (annotations.Count == 0)
        {
            metadata.Remove("annotations");
        }
    }
}
