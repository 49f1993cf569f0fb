using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Krm;

namespace Porch.Cli.Output;

/// <summary>Converts between JSON trees (what the server speaks) and the KRM YAML model (what kpt and kubectl print).</summary>
internal static class JsonYaml
{
    /// <summary>A JSON value as a YAML node; strings that YAML would read as another type are quoted.</summary>
    public static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return YamlNode.Null();
            case JsonObject obj:
                var mapping = YamlNode.Mapping();
                foreach (var (key, value) in obj)
                {
                    mapping.Set(key, ToYaml(value));
                }

                return mapping;
            case JsonArray array:
                var sequence = YamlNode.Sequence();
                foreach (var item in array)
                {
                    sequence.Add(ToYaml(item));
                }

                return sequence;
            default:
                var element = node.GetValue<JsonElement>();
                return element.ValueKind switch
                {
                    JsonValueKind.String => YamlNode.String(element.GetString()!),
                    JsonValueKind.True => YamlNode.Bool(true),
                    JsonValueKind.False => YamlNode.Bool(false),
                    JsonValueKind.Number when element.TryGetInt64(out var integer) => YamlNode.Int(integer),
                    JsonValueKind.Number => YamlNode.Scalar(element.GetRawText()),
                    _ => YamlNode.Null(),
                };
        }
    }

    /// <summary>A JSON object as one YAML document's text.</summary>
    public static string ToYamlText(JsonNode node) => KrmYaml.WriteDocuments([new YamlDocument(ToYaml(node))]);

    /// <summary>The value at a kubectl JSONPath of the simple form <c>.a.b[0].c</c> (or <c>{.a.b}</c>), or null.</summary>
    public static JsonNode? Select(JsonNode? node, string path)
    {
        var trimmed = path.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}'))
        {
            trimmed = trimmed[1..^1];
        }

        foreach (var segment in trimmed.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var index = -1;
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0 && segment.EndsWith(']'))
            {
                name = segment[..bracket];
                index = int.TryParse(segment[(bracket + 1)..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : -1;
            }

            if (name.Length > 0)
            {
                node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
            }

            if (index >= 0)
            {
                node = node is JsonArray array && index < array.Count ? array[index] : null;
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>A cell as kubectl prints it: strings bare, booleans lower case, objects as JSON.</summary>
    public static string Cell(JsonNode? node) => node switch
    {
        null => "<none>",
        JsonValue value when value.GetValue<JsonElement>() is { ValueKind: JsonValueKind.String } s => s.GetString()!,
        JsonValue value when value.GetValue<JsonElement>() is { ValueKind: JsonValueKind.Null } => "<none>",
        _ => node.ToJsonString(),
    };
}
