using System.Globalization;
using System.Text;

namespace Porch.Krm;

/// <summary>
/// A package's <c>Kptfile</c> (<c>kpt.dev/v1</c>): read strictly as kpt reads it (unknown fields are errors), validated
/// with kpt's messages, and written back as kpt re-marshals it.
/// </summary>
public sealed class Kptfile
{
    /// <summary>The file name of a Kptfile.</summary>
    public const string FileName = "Kptfile";

    /// <summary>The supported apiVersion.</summary>
    public const string KptApiVersion = "kpt.dev/v1";

    /// <summary>The kind.</summary>
    public const string KptKind = "Kptfile";

    /// <summary><c>metadata.name</c>.</summary>
    public string? Name { get; set; }

    /// <summary><c>metadata.namespace</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary><c>metadata.labels</c>.</summary>
    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>metadata.annotations</c>.</summary>
    public IDictionary<string, string> Annotations { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>upstream</c>, or null.</summary>
    public KptUpstream? Upstream { get; set; }

    /// <summary><c>upstreamLock</c>, or null.</summary>
    public KptUpstreamLock? UpstreamLock { get; set; }

    /// <summary><c>info</c>, or null.</summary>
    public KptPackageInfo? Info { get; set; }

    /// <summary><c>pipeline</c>, or null.</summary>
    public KptPipeline? Pipeline { get; set; }

    /// <summary><c>inventory</c>, or null.</summary>
    public KptInventory? Inventory { get; set; }

    /// <summary><c>status</c>, or null.</summary>
    public KptStatus? Status { get; set; }

    /// <summary>Parses a Kptfile the way kpt decodes one: apiVersion and kind checked first, then every field known.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The package-relative path, for messages (default <c>Kptfile</c>).</param>
    /// <returns>The Kptfile.</returns>
    /// <exception cref="KrmYamlException">The text is not YAML, has the wrong type, or has unknown fields (kpt's messages).</exception>
    public static Kptfile Parse(string text, string filePath = FileName)
    {
        var doc = KrmYaml.ReadDocument(text, filePath);
        return FromNode(doc.Root, filePath);
    }

    /// <summary>Reads a Kptfile from an object already parsed (for example a resource of a package).</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The Kptfile.</returns>
    /// <exception cref="KrmYamlException">Wrong type or unknown fields.</exception>
    public static Kptfile FromObject(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var copy = obj.Root.Clone();
        PackageResources.ClearReaderAnnotations(copy);
        return FromNode(copy, obj.PathAnnotation ?? FileName);
    }

    private static Kptfile FromNode(YamlNode root, string filePath)
    {
        var apiVersion = root.Get("apiVersion")?.Value ?? "";
        var kind = root.Get("kind")?.Value ?? "";
        if (kind == KptKind && apiVersion is "kpt.dev/v1alpha1" or "kpt.dev/v1alpha2")
        {
            throw new KrmYamlException(filePath, 0, 0, $"old resource version \"{apiVersion.Split('/')[1]}\" found in Kptfile");
        }

        if (kind != KptKind || apiVersion != KptApiVersion)
        {
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var gvk = slash < 0 ? $"/{apiVersion}, Kind={kind}" : $"{apiVersion[..slash]}/{apiVersion[(slash + 1)..]}, Kind={kind}";
            throw new KrmYamlException(filePath, 0, 0, $"unknown resource type \"{gvk}\" found in Kptfile");
        }

        var reader = new StrictReader();
        var result = new Kptfile();
        reader.Fields(root, "v1.KptFile", ["apiVersion", "kind", "metadata", "upstream", "upstreamLock", "info", "pipeline", "inventory", "status"]);
        if (root.Get("metadata") is { } metadata)
        {
            reader.Fields(metadata, "yaml.ObjectMeta", ["name", "namespace", "labels", "annotations"]);
            result.Name = StrictReader.Str(metadata, "name");
            result.Namespace = StrictReader.Str(metadata, "namespace");
            reader.StringMap(metadata, "labels", result.Labels);
            reader.StringMap(metadata, "annotations", result.Annotations);
        }

        result.Upstream = KptUpstream.Read(root.Get("upstream"), reader);
        result.UpstreamLock = KptUpstreamLock.Read(root.Get("upstreamLock"), reader);
        result.Info = KptPackageInfo.Read(root.Get("info"), reader);
        result.Pipeline = KptPipeline.Read(root.Get("pipeline"), reader);
        result.Inventory = KptInventory.Read(root.Get("inventory"), reader);
        result.Status = KptStatus.Read(root.Get("status"), reader);
        if (reader.Errors.Count > 0)
        {
            throw new KrmYamlException(filePath, reader.FirstLine, 0, "yaml: unmarshal errors:\n" + string.Join("\n", reader.Errors));
        }

        return result;
    }

    /// <summary>Checks the rules kpt applies before rendering a package (spec: Kptfile validation).</summary>
    /// <returns>The first problem in kpt's four-line form, or null when the Kptfile is valid.</returns>
    public string? Validate()
    {
        if (Pipeline is null)
        {
            return null;
        }

        foreach (var (list, name) in new[] { (Pipeline.Mutators, "mutators"), (Pipeline.Validators, "validators") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                var fn = list[i];
                var field = $"pipeline.{name}[{i}]";
                var error = fn.Validate(field);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        return null;
    }

    /// <summary>Builds kpt's <c>ValidateError</c> text.</summary>
    internal static string ValidationError(string field, string? value, string reason)
    {
        var sb = new StringBuilder("Kptfile is invalid:\nField: `").Append(field).Append("`\n");
        if (value is not null)
        {
            sb.Append("Value: ").Append(Porch.Krm.GoString.Quote(value)).Append('\n');
        }

        return sb.Append("Reason: ").Append(reason).Append('\n').ToString();
    }

    /// <summary>The Kptfile as kpt writes it when it re-marshals one: struct field order, empty fields omitted, wide sequences.</summary>
    /// <returns>The YAML text.</returns>
    public string ToYaml()
    {
        var root = YamlNode.Mapping();
        root.Set("apiVersion", GoString(KptApiVersion));
        root.Set("kind", GoString(KptKind));
        var metadata = YamlNode.Mapping();
        SetIf(metadata, "name", Name);
        SetIf(metadata, "namespace", Namespace);
        SetMap(metadata, "labels", Labels);
        SetMap(metadata, "annotations", Annotations);
        if (metadata.Count > 0)
        {
            root.Set("metadata", metadata);
        }

        AddIf(root, "upstream", Upstream?.ToNode());
        AddIf(root, "upstreamLock", UpstreamLock?.ToNode());
        AddIf(root, "info", Info?.ToNode());
        AddIf(root, "pipeline", Pipeline?.ToNode());
        AddIf(root, "inventory", Inventory?.ToNode());
        AddIf(root, "status", Status?.ToNode());
        return KrmYaml.WriteDocuments([new YamlDocument(root) { SequenceIndent = SequenceIndentStyle.Wide }]);
    }

    /// <summary>A string scalar styled as go-yaml styles a Go string value (double quotes for text that would read as another type).</summary>
    internal static YamlNode GoString(string value)
    {
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            return YamlNode.Scalar(value, YamlScalarStyle.Literal);
        }

        var quote = ScalarAnalysis.ResolvesToNonString(value) || ScalarAnalysis.IsYaml11Bool(value) || ScalarAnalysis.IsSexagesimal(value);
        return YamlNode.Scalar(value, quote ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain);
    }

    internal static void SetIf(YamlNode map, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            map.Set(key, GoString(value));
        }
    }

    internal static void AddIf(YamlNode map, string key, YamlNode? value)
    {
        if (value is not null && value.Count > 0)
        {
            map.Set(key, value);
        }
    }

    internal static void SetMap(YamlNode map, string key, IEnumerable<KeyValuePair<string, string>> values)
    {
        var node = YamlNode.Mapping();
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            node.Set(k, GoString(v));
        }

        if (node.Count > 0)
        {
            map.Set(key, node);
        }
    }

    internal static void SetList(YamlNode map, string key, IEnumerable<string> values)
    {
        var node = YamlNode.Sequence();
        foreach (var v in values)
        {
            node.Add(GoString(v));
        }

        if (node.Count > 0)
        {
            map.Set(key, node);
        }
    }

    /// <summary>Strict field reading with go-yaml's unknown-field messages.</summary>
    internal sealed class StrictReader
    {
        public List<string> Errors { get; } = new();

        public int FirstLine { get; private set; }

        public void Fields(YamlNode node, string typeName, string[] allowed)
        {
            if (node.Kind != YamlNodeKind.Mapping)
            {
                if (!node.IsNull)
                {
                    Add(node.Line, $"line {node.Line}: cannot unmarshal {KindName(node)} into {typeName}");
                }

                return;
            }

            foreach (var (key, _) in node.Entries)
            {
                if (Array.IndexOf(allowed, key.Value) < 0)
                {
                    Add(key.Line, $"  line {key.Line}: field {key.Value} not found in type {typeName}");
                }
            }
        }

        private static string KindName(YamlNode node) => node.Kind switch
        {
            YamlNodeKind.Sequence => "!!seq",
            YamlNodeKind.Scalar => "!!str `" + node.Value + "`",
            _ => "!!map",
        };

        private void Add(int line, string message)
        {
            if (Errors.Count == 0)
            {
                FirstLine = line;
            }

            Errors.Add(message.StartsWith("  ", StringComparison.Ordinal) ? message : "  " + message);
        }

        public static string? Str(YamlNode? map, string key) => map?.Get(key) is { Kind: YamlNodeKind.Scalar } n && !n.IsNull ? n.Value : null;

        public static void Map(YamlNode? map, string key, IDictionary<string, string> target)
        {
            if (map?.Get(key) is { Kind: YamlNodeKind.Mapping } m)
            {
                foreach (var (k, v) in m.Entries)
                {
                    target[k.Value] = v.Value;
                }
            }
        }

        /// <summary>
        /// A <c>map[string]string</c> field read as go-yaml's strict decoder does: a value that is not a scalar is an
        /// unmarshal error (<c>line N: cannot unmarshal !!seq into string</c>), as is a field that is not a mapping.
        /// </summary>
        public void StringMap(YamlNode? map, string key, IDictionary<string, string> target)
        {
            if (map?.Get(key) is not { } m || m.IsNull)
            {
                return;
            }

            if (m.Kind != YamlNodeKind.Mapping)
            {
                Add(m.Line, $"line {m.Line}: cannot unmarshal {KindName(m)} into map[string]string");
                return;
            }

            foreach (var (k, v) in m.Entries)
            {
                if (v.Kind != YamlNodeKind.Scalar)
                {
                    Add(v.Line, $"line {v.Line}: cannot unmarshal {KindName(v)} into string");
                    continue;
                }

                target[k.Value] = v.Value;
            }
        }

        public static void List(YamlNode? map, string key, IList<string> target)
        {
            if (map?.Get(key) is { Kind: YamlNodeKind.Sequence } s)
            {
                foreach (var item in s.Children)
                {
                    target.Add(item.Value);
                }
            }
        }

        public static int Int(YamlNode? map, string key) =>
            Str(map, key) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
