using System.Globalization;

namespace Porch.Krm;

/// <summary>
/// The resources of a package read from its files the way kpt's package reader does (each document of each
/// resource file, annotated with its path, index and sequence style), and written back the way kpt's package
/// writer does.
/// </summary>
public sealed class PackageResources
{
    /// <summary>The mapping key under which a document whose root is a sequence is wrapped.</summary>
    public const string BareSequenceWrappingKey = "bareSeqNodeWrappingKey";

    private readonly HashSet<string> _sourceFiles;

    private PackageResources(List<KubeObject> resources, HashSet<string> sourceFiles)
    {
        Resources = resources;
        _sourceFiles = sourceFiles;
    }

    /// <summary>The resources, in file order then document order; functions may add, remove and change them.</summary>
    public IList<KubeObject> Resources { get; }

    /// <summary>Whether kpt treats a file as a resource file: <c>Kptfile</c>, <c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>.</summary>
    /// <param name="path">The package-relative path.</param>
    /// <returns>True for resource files; every other file is passed through untouched.</returns>
    public static bool IsResourceFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? path : path[(slash + 1)..];
        return name == "Kptfile"
            || name.EndsWith(".yaml", StringComparison.Ordinal)
            || name.EndsWith(".yml", StringComparison.Ordinal)
            || name.EndsWith(".json", StringComparison.Ordinal);
    }

    /// <summary>Reads every resource file of <paramref name="files"/>.</summary>
    /// <param name="files">Package-relative path to file text.</param>
    /// <returns>The resources.</returns>
    /// <exception cref="KrmYamlException">A resource file is not valid YAML, or a document is not a KRM mapping.</exception>
    public static PackageResources Read(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var resources = new List<KubeObject>();
        var sources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in files.Keys.Where(IsResourceFile).Order(StringComparer.Ordinal))
        {
            var documents = KyamlReader.Read(files[path], path);
            for (var index = 0; index < documents.Count; index++)
            {
                var doc = documents[index];
                if (doc.Root.Kind == YamlNodeKind.Sequence)
                {
                    var wrapper = YamlNode.Mapping();
                    wrapper.Set(BareSequenceWrappingKey, doc.Root);
                    doc.Root = wrapper;
                }

                if (doc.Root.Kind != YamlNodeKind.Mapping)
                {
                    throw new KrmYamlException(path, doc.Root.Line, doc.Root.Column, KyamlReader.WrongNodeKind(doc.Root));
                }

                if (doc.Root.Get("metadata") is { } metadata && metadata.Kind != YamlNodeKind.Mapping && !metadata.IsNull)
                {
                    throw new KrmYamlException(path, metadata.Line, metadata.Column, KyamlReader.WrongNodeKind(metadata));
                }

                var obj = new KubeObject(doc);
                var indexText = index.ToString(CultureInfo.InvariantCulture);
                SetReaderAnnotation(doc.Root, KrmAnnotations.LegacyIndex, indexText);
                SetReaderAnnotation(doc.Root, KrmAnnotations.LegacyPath, path);
                SetReaderAnnotation(doc.Root, KrmAnnotations.Index, indexText);
                SetReaderAnnotation(doc.Root, KrmAnnotations.Path, path);
                SetReaderAnnotation(doc.Root, KrmAnnotations.SeqIndent, doc.SequenceIndent == SequenceIndentStyle.Wide ? "wide" : "compact");
                resources.Add(obj);
                sources.Add(path);
            }
        }

        return new PackageResources(resources, sources);
    }

    /// <summary>
    /// Applies what kpt's function round trip does to every resource (document head comment joins the first key,
    /// a sequence item's first-key comment is copied onto the item, folded scalars become double-quoted).
    /// </summary>
    /// <returns>This instance.</returns>
    public PackageResources RoundTripThroughFunction()
    {
        foreach (var resource in Resources)
        {
            FunctionRoundTrip.Apply(resource.Document);
        }

        return this;
    }

    /// <summary>Writes the resources back into a copy of <paramref name="originalFiles"/>.</summary>
    /// <param name="originalFiles">The package's files as they were read (non-resource files pass through).</param>
    /// <returns>The new file set: rewritten resource files, new files for new resources, files whose resources all disappeared removed.</returns>
    /// <exception cref="KrmYamlException">A resource's path annotation leaves the package.</exception>
    public IReadOnlyDictionary<string, string> Write(IReadOnlyDictionary<string, string> originalFiles)
    {
        ArgumentNullException.ThrowIfNull(originalFiles);
        var result = new Dictionary<string, string>(originalFiles, StringComparer.Ordinal);
        var groups = new Dictionary<string, List<(int Order, int Index, YamlDocument Doc, YamlNode JsonRoot)>>(StringComparer.Ordinal);
        var order = 0;
        foreach (var resource in Resources)
        {
            var doc = CopyForAnnotationEdits(resource.Document);
            var root = doc.Root;
            var annotations = root.Get("metadata")?.Get("annotations");
            string? Annotation(string key) => annotations?.Get(key) is { Kind: YamlNodeKind.Scalar } n ? n.Value : null;
            var path = Annotation(KrmAnnotations.Path) ?? Annotation(KrmAnnotations.LegacyPath) ?? DefaultPath(resource);
            var indexText = Annotation(KrmAnnotations.Index) ?? Annotation(KrmAnnotations.LegacyIndex);
            var index = int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            doc.SequenceIndent = Annotation(KrmAnnotations.SeqIndent) == "wide" ? SequenceIndentStyle.Wide : SequenceIndentStyle.Compact;
            ClearReaderAnnotations(root);
            CheckWritablePath(path);

            // kyaml's ByteWriter encodes a lone resource of a .json file before unwrapping a bare sequence (format spec 3.3).
            var jsonRoot = root;
            if (root.Count == 1 && root.Get(BareSequenceWrappingKey) is { Kind: YamlNodeKind.Sequence } bare)
            {
                doc.Root = bare;
            }

            if (!groups.TryGetValue(path, out var list))
            {
                groups[path] = list = new List<(int, int, YamlDocument, YamlNode)>();
            }

            list.Add((order++, index, doc, jsonRoot));
        }

        foreach (var (path, list) in groups)
        {
            // By index, then in resource order (Order is unique, so the sort's result is fully determined).
            if (list.Count > 1)
            {
                list.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Order.CompareTo(b.Order));
            }

            if (list.Count == 1 && path.EndsWith(".json", StringComparison.Ordinal))
            {
                result[path] = KrmJsonWriter.Write(list[0].JsonRoot, path);
                continue;
            }

            var documents = new YamlDocument[list.Count];
            for (var i = 0; i < documents.Length; i++)
            {
                documents[i] = list[i].Doc;
            }

            result[path] = KyamlWriter.Write(documents);
        }

        foreach (var source in _sourceFiles)
        {
            if (!groups.ContainsKey(source))
            {
                result.Remove(source);
            }
        }

        return result;
    }

    /// <summary>
    /// A copy of a document that the reader annotations can be removed from without touching the original: the root, its
    /// <c>metadata</c> and their <c>annotations</c> are copied, every other node is shared (writing only reads them).
    /// </summary>
    internal static YamlDocument CopyForAnnotationEdits(YamlDocument original)
    {
        var root = original.Root.ShallowCopy();
        if (root.Get("metadata") is { Kind: YamlNodeKind.Mapping } metadata)
        {
            metadata = metadata.ShallowCopy();
            root.Set("metadata", metadata);
            if (metadata.Get("annotations") is { Kind: YamlNodeKind.Mapping } annotations)
            {
                metadata.Set("annotations", annotations.ShallowCopy());
            }
        }

        return new YamlDocument(root)
        {
            HeadComment = original.HeadComment,
            FootComment = original.FootComment,
            SequenceIndent = original.SequenceIndent,
        };
    }

    /// <summary>Sets one reader annotation the way kyaml does: empty maps dropped, metadata and annotations appended last when missing.</summary>
    internal static void SetReaderAnnotation(YamlNode root, string key, string value)
    {
        RemoveEmptyMetadata(root);
        var metadata = root.Get("metadata");
        if (metadata is null || metadata.Kind != YamlNodeKind.Mapping)
        {
            metadata = YamlNode.Mapping();
            root.Set("metadata", metadata);
        }

        var annotations = metadata.Get("annotations");
        if (annotations is null || annotations.Kind != YamlNodeKind.Mapping)
        {
            annotations = YamlNode.Mapping();
            metadata.Set("annotations", annotations);
        }

        annotations.Set(key, YamlNode.Scalar(value, YamlScalarStyle.SingleQuoted));
    }

    /// <summary>Removes the annotations kpt's reader and runner own, then empty <c>annotations</c> and <c>metadata</c>.</summary>
    internal static void ClearReaderAnnotations(YamlNode root)
    {
        if (root.Get("metadata")?.Get("annotations") is { Kind: YamlNodeKind.Mapping } annotations)
        {
            foreach (var key in KrmAnnotations.ReaderOwned)
            {
                annotations.Remove(key);
            }
        }

        RemoveEmptyMetadata(root);
    }

    private static void RemoveEmptyMetadata(YamlNode root)
    {
        var metadata = root.Get("metadata");
        if (metadata is null)
        {
            return;
        }

        if (metadata.Get("annotations") is { } annotations && HasNoChildren(annotations))
        {
            metadata.Remove("annotations");
        }

        if (HasNoChildren(metadata))
        {
            root.Remove("metadata");
        }
    }

    private static bool HasNoChildren(YamlNode node) => node.Kind is YamlNodeKind.Scalar or YamlNodeKind.Alias || node.Children.Count == 0;

    private static string DefaultPath(KubeObject resource)
    {
        var ns = resource.Namespace;
        var file = resource.Kind.ToLowerInvariant() + "_" + resource.Name + ".yaml";
        return ns.Length == 0 ? file : ns + "/" + file;
    }

    private static void CheckWritablePath(string path)
    {
        if (!PackagePath.IsValid(path))
        {
            throw new KrmYamlException(path, 0, 0, "resource must be written under package: " + path);
        }
    }
}
