namespace Porch.Krm;

/// <summary>
/// A Kubernetes resource model (KRM) object over a <see cref="YamlDocument"/>: typed access to the well-known
/// fields, and get, set and remove by field path, keeping comments and formatting of everything not touched.
/// </summary>
public sealed class KubeObject
{
    /// <summary>Wraps a document whose root is a mapping.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentException">The root is not a mapping.</exception>
    public KubeObject(YamlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Root.Kind != YamlNodeKind.Mapping)
        {
            throw new ArgumentException("A KRM object's root must be a mapping.", nameof(document));
        }

        Document = document;
    }

    /// <summary>The underlying document.</summary>
    public YamlDocument Document { get; }

    /// <summary>The root mapping.</summary>
    public YamlNode Root => Document.Root;

    /// <summary><c>apiVersion</c>, or empty.</summary>
    public string ApiVersion
    {
        get => ScalarAt("apiVersion") ?? "";
        set => Root.SetString("apiVersion", value);
    }

    /// <summary><c>kind</c>, or empty.</summary>
    public string Kind
    {
        get => ScalarAt("kind") ?? "";
        set => Root.SetString("kind", value);
    }

    /// <summary>The API group: the part of <c>apiVersion</c> before <c>/</c>, empty for the core group.</summary>
    public string Group
    {
        get
        {
            var apiVersion = ApiVersion;
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? "" : apiVersion[..slash];
        }
    }

    /// <summary>The API version: the part of <c>apiVersion</c> after <c>/</c>.</summary>
    public string Version
    {
        get
        {
            var apiVersion = ApiVersion;
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        }
    }

    /// <summary><c>metadata.name</c>, or empty.</summary>
    public string Name
    {
        get => ScalarText(Step(Root, "metadata"), "name") ?? "";
        set => SetString(value, "metadata", "name");
    }

    /// <summary><c>metadata.namespace</c>, or empty.</summary>
    public string Namespace
    {
        get => ScalarText(Step(Root, "metadata"), "namespace") ?? "";
        set => SetString(value, "metadata", "namespace");
    }

    /// <summary>The identity used for matching (group, kind, namespace, name).</summary>
    public KubeObjectIdentity Identity => new(Group, Kind, Namespace, Name);

    /// <summary><c>metadata.labels</c> as a snapshot.</summary>
    public IReadOnlyDictionary<string, string> Labels => StringMap("metadata", "labels");

    /// <summary><c>metadata.annotations</c> as a snapshot.</summary>
    public IReadOnlyDictionary<string, string> Annotations => StringMap("metadata", "annotations");

    /// <summary>Whether the object is marked <c>config.kubernetes.io/local-config</c> (any value but <c>false</c>).</summary>
    public bool IsLocalConfig => GetAnnotation(KrmAnnotations.LocalConfig) is { } v && !string.Equals(v, "false", StringComparison.Ordinal);

    /// <summary>The package-relative path of the file the object was read from, from its path annotations.</summary>
    public string? PathAnnotation => GetAnnotation(KrmAnnotations.Path) ?? GetAnnotation(KrmAnnotations.LegacyPath);

    /// <summary>Parses a single-document YAML text into an object.</summary>
    /// <param name="yaml">The text.</param>
    /// <param name="filePath">The path for error messages.</param>
    /// <returns>The object.</returns>
    /// <exception cref="KrmYamlException">The text is not one YAML mapping document.</exception>
    public static KubeObject Parse(string yaml, string? filePath = null)
    {
        var doc = KrmYaml.ReadDocument(yaml, filePath);
        if (doc.Root.Kind != YamlNodeKind.Mapping)
        {
            throw new KrmYamlException(filePath, doc.Root.Line, doc.Root.Column, KyamlReader.WrongNodeKind(doc.Root));
        }

        return new KubeObject(doc);
    }

    /// <summary>Creates an object with <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c>.</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="name">The name.</param>
    /// <returns>The object.</returns>
    public static KubeObject Create(string apiVersion, string kind, string name)
    {
        var root = YamlNode.Mapping();
        root.Set("apiVersion", YamlNode.String(apiVersion));
        root.Set("kind", YamlNode.String(kind));
        var metadata = YamlNode.Mapping();
        metadata.Set("name", YamlNode.String(name));
        root.Set("metadata", metadata);
        return new KubeObject(new YamlDocument(root));
    }

    /// <summary>The node at a field path, or null when any step is missing.</summary>
    /// <param name="path">Mapping keys, or sequence indexes written as decimal text.</param>
    /// <returns>The node or null.</returns>
    public YamlNode? GetNode(params ReadOnlySpan<string> path)
    {
        var node = Root;
        foreach (var step in path)
        {
            node = Step(node, step);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The scalar text at a field path, or null when missing or not a scalar.</summary>
    /// <param name="path">The field path.</param>
    /// <returns>The text or null.</returns>
    public string? GetString(params ReadOnlySpan<string> path) => GetNode(path) is { Kind: YamlNodeKind.Scalar } n && !n.IsNull ? n.Value : null;

    /// <summary>Sets a string at a field path, creating mappings on the way; an existing scalar keeps its style.</summary>
    /// <param name="value">The text.</param>
    /// <param name="path">The field path (mapping keys only).</param>
    public void SetString(string value, params ReadOnlySpan<string> path)
    {
        ArgumentNullException.ThrowIfNull(value);
        Parent(path, create: true)!.SetString(path[^1], value);
    }

    /// <summary>Sets a node at a field path, creating mappings on the way.</summary>
    /// <param name="value">The node.</param>
    /// <param name="path">The field path (mapping keys only).</param>
    public void SetNode(YamlNode value, params ReadOnlySpan<string> path)
    {
        ArgumentNullException.ThrowIfNull(value);
        Parent(path, create: true)!.Set(path[^1], value);
    }

    /// <summary>Removes the field at a path.</summary>
    /// <param name="path">The field path.</param>
    /// <returns>True if something was removed.</returns>
    public bool Remove(params ReadOnlySpan<string> path)
    {
        var parent = Parent(path, create: false);
        return parent is not null && parent.Remove(path[^1]);
    }

    /// <summary>An annotation's value, or null.</summary>
    /// <param name="key">The annotation key.</param>
    /// <returns>The value or null.</returns>
    public string? GetAnnotation(string key) => ScalarText(MetadataField("annotations"), key);

    /// <summary>Sets an annotation, creating <c>metadata.annotations</c> when needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetAnnotation(string key, string value) => SetString(value, "metadata", "annotations", key);

    /// <summary>Removes an annotation.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True if it was there.</returns>
    public bool RemoveAnnotation(string key) => MetadataField("annotations") is { Kind: YamlNodeKind.Mapping } annotations && annotations.Remove(key);

    /// <summary>A label's value, or null.</summary>
    /// <param name="key">The label key.</param>
    /// <returns>The value or null.</returns>
    public string? GetLabel(string key) => ScalarText(MetadataField("labels"), key);

    /// <summary>Sets a label, creating <c>metadata.labels</c> when needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetLabel(string key, string value) => SetString(value, "metadata", "labels", key);

    /// <summary>A deep copy.</summary>
    /// <returns>The copy.</returns>
    public KubeObject Clone() => new(Document.Clone());

    /// <summary>The object as YAML in kpt's layout.</summary>
    /// <returns>The text.</returns>
    public string ToYaml() => KrmYaml.WriteDocuments([Document]);

    /// <inheritdoc/>
    public override string ToString() => $"{ApiVersion}/{Kind} {Namespace}/{Name}";

    private string? ScalarAt(string key) => Root.Get(key) is { Kind: YamlNodeKind.Scalar } n && !n.IsNull ? n.Value : null;

    private IReadOnlyDictionary<string, string> StringMap(params ReadOnlySpan<string> path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (GetNode(path) is { Kind: YamlNodeKind.Mapping } map)
        {
            foreach (var (k, v) in map.Entries)
            {
                if (v.Kind == YamlNodeKind.Scalar)
                {
                    result[k.Value] = v.Value;
                }
            }
        }

        return result;
    }

    /// <summary>The node at <c>metadata.annotations</c> (whatever its kind), or null: read once for several <see cref="AnnotationText"/>.</summary>
    internal YamlNode? AnnotationsNode => MetadataField("annotations");

    /// <summary>An annotation's text in the node <see cref="AnnotationsNode"/> gave, as <see cref="GetAnnotation"/> reads it.</summary>
    internal static string? AnnotationText(YamlNode? annotations, string key) => ScalarText(annotations, key);

    /// <summary>The text of the scalar at <paramref name="key"/> under <paramref name="node"/> (as <see cref="GetString"/> reads it), or null.</summary>
    private static string? ScalarText(YamlNode? node, string key) =>
        node is not null && Step(node, key) is { Kind: YamlNodeKind.Scalar } n && !n.IsNull ? n.Value : null;

    /// <summary><c>metadata.&lt;field&gt;</c> found as <see cref="GetNode"/> finds it, without a path array.</summary>
    private YamlNode? MetadataField(string field) => Step(Root, "metadata") is { } metadata ? Step(metadata, field) : null;

    private static YamlNode? Step(YamlNode node, string step)
    {
        if (node.Kind == YamlNodeKind.Mapping)
        {
            return node.Get(step);
        }

        if (node.Kind == YamlNodeKind.Sequence && int.TryParse(step, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return index < node.Children.Count ? node.Children[index] : null;
        }

        return null;
    }

    private YamlNode? Parent(ReadOnlySpan<string> path, bool create)
    {
        if (path.Length == 0)
        {
            throw new ArgumentException("The field path is empty.", nameof(path));
        }

        var node = Root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var next = Step(node, path[i]);
            if (next is null || (create && next.Kind != YamlNodeKind.Mapping && next.Kind != YamlNodeKind.Sequence))
            {
                if (!create || node.Kind != YamlNodeKind.Mapping)
                {
                    return null;
                }

                next = node.GetOrAddMapping(path[i]);
            }

            node = next;
        }

        return node.Kind == YamlNodeKind.Mapping ? node : null;
    }
}
