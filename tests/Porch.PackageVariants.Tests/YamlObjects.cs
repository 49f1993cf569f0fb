using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Porch.Krm;

namespace Porch.PackageVariants.Tests;

/// <summary>Reads Porch's test objects as written in its YAML (sigs.k8s.io/yaml: YAML to JSON, then JSON decoding).</summary>
internal static class YamlObjects
{
    public static T Read<T>(string yaml, JsonTypeInfo<T> typeInfo) =>
        ToJson(KrmYaml.ReadDocument(yaml).Root)!.Deserialize(typeInfo)!;

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in node.Entries)
                {
                    obj[key.Value] = ToJson(value);
                }

                return obj;
            case YamlNodeKind.Sequence:
                var array = new JsonArray();
                foreach (var item in node.Children)
                {
                    array.Add(ToJson(item));
                }

                return array;
            default:
                if (node.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any)
                {
                    if (node.IsNull)
                    {
                        return null;
                    }

                    if (node.Value is "true" or "false")
                    {
                        return JsonValue.Create(node.Value == "true");
                    }

                    if (long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    {
                        return JsonValue.Create(number);
                    }
                }

                return JsonValue.Create(node.Value);
        }
    }
}
