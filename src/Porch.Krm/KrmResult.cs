using System.Globalization;

namespace Porch.Krm;

/// <summary>A function result (KRM functions specification): a message with severity and optional location.</summary>
public sealed class KrmResult
{
    /// <summary><c>message</c> (required).</summary>
    public string Message { get; set; } = "";

    /// <summary><c>severity</c>: <c>error</c>, <c>warning</c> or <c>info</c>; empty when unset.</summary>
    public string? Severity { get; set; }

    /// <summary><c>resourceRef.apiVersion</c>.</summary>
    public string? ResourceApiVersion { get; set; }

    /// <summary><c>resourceRef.kind</c>.</summary>
    public string? ResourceKind { get; set; }

    /// <summary><c>resourceRef.name</c>.</summary>
    public string? ResourceName { get; set; }

    /// <summary><c>resourceRef.namespace</c>.</summary>
    public string? ResourceNamespace { get; set; }

    /// <summary><c>field.path</c>.</summary>
    public string? FieldPath { get; set; }

    /// <summary><c>field.currentValue</c> (stringified as kpt does).</summary>
    public string? FieldCurrentValue { get; set; }

    /// <summary><c>field.proposedValue</c> (stringified as kpt does).</summary>
    public string? FieldProposedValue { get; set; }

    /// <summary><c>file.path</c>.</summary>
    public string? FilePath { get; set; }

    /// <summary><c>file.index</c>.</summary>
    public int? FileIndex { get; set; }

    /// <summary><c>tags</c>.</summary>
    public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Reads a result, accepting kpt's legacy shapes (<c>resourceRef.metadata.name</c>, <c>field.suggestedValue</c>).</summary>
    /// <param name="node">The result mapping.</param>
    /// <returns>The result.</returns>
    public static KrmResult FromNode(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        static string? S(YamlNode? n, string key) => n?.Get(key) is { } v && !v.IsNull ? (v.Kind == YamlNodeKind.Scalar ? v.Value : v.ToString()) : null;
        var result = new KrmResult { Message = S(node, "message") ?? "", Severity = S(node, "severity") };
        if (node.Get("resourceRef") is { Kind: YamlNodeKind.Mapping } r)
        {
            result.ResourceApiVersion = S(r, "apiVersion");
            result.ResourceKind = S(r, "kind");
            result.ResourceName = S(r, "name") ?? S(r.Get("metadata"), "name");
            result.ResourceNamespace = S(r, "namespace") ?? S(r.Get("metadata"), "namespace");
        }

        if (node.Get("field") is { Kind: YamlNodeKind.Mapping } f)
        {
            result.FieldPath = S(f, "path");
            result.FieldCurrentValue = S(f, "currentValue");
            result.FieldProposedValue = S(f, "proposedValue") ?? S(f, "suggestedValue");
        }

        if (node.Get("file") is { Kind: YamlNodeKind.Mapping } file)
        {
            result.FilePath = S(file, "path");
            result.FileIndex = S(file, "index") is { } index && int.TryParse(index, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        }

        if (node.Get("tags") is { Kind: YamlNodeKind.Mapping } tags)
        {
            foreach (var (k, v) in tags.Entries)
            {
                result.Tags[k.Value] = v.Value;
            }
        }

        return result;
    }

    /// <summary>The result as a YAML mapping in the specification's field order, empty fields omitted.</summary>
    /// <returns>The mapping.</returns>
    public YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "message", Message);
        Kptfile.SetIf(map, "severity", Severity);
        var r = YamlNode.Mapping();
        Kptfile.SetIf(r, "apiVersion", ResourceApiVersion);
        Kptfile.SetIf(r, "kind", ResourceKind);
        Kptfile.SetIf(r, "name", ResourceName);
        Kptfile.SetIf(r, "namespace", ResourceNamespace);
        Kptfile.AddIf(map, "resourceRef", r);
        var f = YamlNode.Mapping();
        Kptfile.SetIf(f, "path", FieldPath);
        Kptfile.SetIf(f, "currentValue", FieldCurrentValue);
        Kptfile.SetIf(f, "proposedValue", FieldProposedValue);
        Kptfile.AddIf(map, "field", f);
        var file = YamlNode.Mapping();
        Kptfile.SetIf(file, "path", FilePath);
        if (FileIndex is { } index)
        {
            file.Set("index", YamlNode.Int(index));
        }

        Kptfile.AddIf(map, "file", file);
        Kptfile.SetMap(map, "tags", Tags);
        return map;
    }

    /// <summary>
    /// The result as a kpt <see cref="ResultItem"/> (the form in <c>results.yaml</c> and Porch's <c>renderStatus</c>):
    /// every field carried over, tags included; empty strings become absent fields, and a resource reference, field or
    /// file is present only when one of its parts is set.
    /// </summary>
    /// <returns>A new result item.</returns>
    public ResultItem ToResultItem()
    {
        var item = new ResultItem { Message = Message, Severity = NullIfEmpty(Severity) };
        if (ResourceApiVersion is not null || ResourceKind is not null || ResourceName is not null || ResourceNamespace is not null)
        {
            item.ResourceRef = new ResourceIdentifier
            {
                ApiVersion = NullIfEmpty(ResourceApiVersion),
                Kind = NullIfEmpty(ResourceKind),
                Name = NullIfEmpty(ResourceName),
                Namespace = NullIfEmpty(ResourceNamespace),
            };
        }

        if (FieldPath is not null || FieldCurrentValue is not null || FieldProposedValue is not null)
        {
            item.Field = new ResultField { Path = FieldPath, CurrentValue = FieldCurrentValue, ProposedValue = FieldProposedValue };
        }

        if (FilePath is not null || FileIndex is not null)
        {
            item.File = new ResultFile { Path = NullIfEmpty(FilePath), Index = FileIndex ?? 0 };
        }

        foreach (var (key, value) in Tags)
        {
            item.Tags[key] = value;
        }

        return item;
    }

    /// <summary>The wire form of a kpt <see cref="ResultItem"/>: the inverse of <see cref="ToResultItem"/>.</summary>
    /// <param name="item">The result item.</param>
    /// <returns>A new result.</returns>
    public static KrmResult FromResultItem(ResultItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var result = new KrmResult
        {
            Message = item.Message ?? "",
            Severity = item.Severity,
            ResourceApiVersion = item.ResourceRef?.ApiVersion,
            ResourceKind = item.ResourceRef?.Kind,
            ResourceName = item.ResourceRef?.Name,
            ResourceNamespace = item.ResourceRef?.Namespace,
            FieldPath = item.Field?.Path,
            FieldCurrentValue = item.Field?.CurrentValue,
            FieldProposedValue = item.Field?.ProposedValue,
            FilePath = item.File?.Path,
            FileIndex = item.File?.Index,
        };
        foreach (var (key, value) in item.Tags)
        {
            result.Tags[key] = value;
        }

        return result;
    }

    /// <summary>
    /// The result as the function SDK prints it (<c>Result.String()</c>):
    /// <c>[severity] apiVersion/kind/namespace/name field.path: message</c>, empty parts left out, severity <c>info</c>
    /// when empty.
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var id = new[] { ResourceApiVersion, ResourceKind, ResourceNamespace, ResourceName }.Where(s => !string.IsNullOrEmpty(s)).ToArray();
        var text = "[" + (string.IsNullOrEmpty(Severity) ? "info" : Severity) + "]";
        if (id.Length > 0)
        {
            text += " " + string.Join("/", id);
        }

        if (FieldPath is not null)
        {
            text += " " + FieldPath;
        }

        return text + ": " + Message;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
