using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Cli.Output;

/// <summary>
/// The form <c>rpkg pull</c> prints and <c>rpkg push</c> reads: a ResourceList whose first item is a
/// <c>KptRevisionMetadata</c> (the revision's name, namespace, uid, resourceVersion and creation time) followed by the
/// package's KRM files, each item annotated with its file path and index as kpt's reader does.
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

    /// <summary>The metadata item of a revision (porchctl writes it with an empty apiVersion).</summary>
    public static KubeObject Metadata(PackageRevisionResources resources, bool annotate)
    {
        var root = YamlNode.Mapping();
        root.Set("apiVersion", YamlNode.String(""));
        root.SetString("kind", MetadataKind);
        var metadata = YamlNode.Mapping();
        metadata.SetString("name", resources.Metadata.Name ?? "");
        metadata.SetString("namespace", resources.Metadata.Namespace ?? "");
        if (resources.Metadata.Uid is { } uid)
        {
            metadata.SetString("uid", uid);
        }

        if (resources.Metadata.ResourceVersion is { } version)
        {
            metadata.SetString("resourceVersion", version);
        }

        if (resources.Metadata.CreationTimestamp is { } created)
        {
            metadata.SetString("creationTimestamp", created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        root.Set("metadata", metadata);
        var item = new KubeObject(new YamlDocument(root));
        if (annotate)
        {
            Annotate(item, MetadataFile, 0);
        }

        return item;
    }

    /// <summary>The ResourceList text of a revision's resources (KRM files only, sorted by path).</summary>
    public static string Write(PackageRevisionResources resources)
    {
        var list = new ResourceList();
        list.Items.Add(Metadata(resources, annotate: true));
        foreach (var (path, text) in resources.Spec.Resources.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!PackageResources.IsResourceFile(path))
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

    /// <summary>Reads a ResourceList back into files and the resourceVersion of its metadata item.</summary>
    /// <exception cref="Infrastructure.CliException">The text is not a ResourceList, or an item has no path.</exception>
    public static (Dictionary<string, string> Files, string? ResourceVersion) Read(string text)
    {
        ResourceList list;
        try
        {
            list = ResourceList.Parse(text);
        }
        catch (Porch.Krm.KrmYamlException ex)
        {
            throw Infrastructure.CliException.Error("the input is not a ResourceList: " + ex.Message, ex);
        }

        string? version = null;
        var byPath = new SortedDictionary<string, List<(int Index, YamlDocument Document)>>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item.Kind == MetadataKind)
            {
                version = ResourceVersionOf(item);
                continue;
            }

            var path = item.GetAnnotation(InternalPathAnnotation) ?? item.GetAnnotation(PathAnnotation)
                ?? throw Infrastructure.CliException.Error($"resource {item.Kind}/{item.Name} has no {PathAnnotation} annotation");
            var index = int.TryParse(item.GetAnnotation(InternalIndexAnnotation) ?? item.GetAnnotation(IndexAnnotation), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
            var document = item.Document.Clone();
            ClearAnnotations(document.Root);
            if (!byPath.TryGetValue(path, out var documents))
            {
                byPath[path] = documents = [];
            }

            documents.Add((index, document));
        }

        var files = byPath.ToDictionary(
            e => e.Key,
            e => KrmYaml.WriteDocuments(e.Value.OrderBy(d => d.Index).Select(d => d.Document).ToList()),
            StringComparer.Ordinal);
        return (files, version);
    }

    /// <summary>The resourceVersion in a metadata item.</summary>
    public static string? ResourceVersionOf(KubeObject metadataItem) =>
        metadataItem.Root.Get("metadata")?.Get("resourceVersion") is { Kind: YamlNodeKind.Scalar, IsNull: false } v ? v.Value : null;

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
