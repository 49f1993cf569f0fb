using System.Globalization;
using System.Text;
using System.Text.Json;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Cache.Sources;

/// <summary>Reads Repository objects from YAML (one or more documents) or JSON text.</summary>
internal static class RepositoryFiles
{
    public static bool IsRepositoryFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses every Repository of a file; other kinds are ignored; a missing namespace becomes <c>default</c>.</summary>
    /// <exception cref="JsonException">The text is not a valid Repository.</exception>
    /// <exception cref="KrmYamlException">The YAML cannot be read.</exception>
    public static IReadOnlyList<Repository> Parse(string path, string text)
    {
        var result = new List<Repository>();
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            Add(result, text);
            return result;
        }

        foreach (var document in KrmYaml.ReadDocuments(text, path))
        {
            if (document.Root.Kind == YamlNodeKind.Mapping)
            {
                Add(result, ToJson(document.Root));
            }
        }

        return result;
    }

    private static void Add(List<Repository> result, string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("kind", out var kind) || kind.GetString() != PorchApi.RepositoryKind)
        {
            return;
        }

        var repository = JsonSerializer.Deserialize(json, PorchJsonContext.Default.Repository)
            ?? throw new JsonException("a Repository object cannot be null");
        if (string.IsNullOrEmpty(repository.Metadata.Name))
        {
            throw new JsonException("a Repository needs metadata.name");
        }

        if (string.IsNullOrEmpty(repository.Metadata.Namespace))
        {
            repository.Metadata.Namespace = "default";
        }

        result.Add(repository);
    }

    /// <summary>YAML to JSON with YAML 1.2 core typing of plain scalars (null, booleans, integers, floats); quoted scalars stay strings.</summary>
    private static string ToJson(YamlNode root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, root);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in node.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlNodeKind.Sequence:
                writer.WriteStartArray();
                foreach (var child in node.Children)
                {
                    Write(writer, child);
                }

                writer.WriteEndArray();
                break;
            case YamlNodeKind.Scalar when node.Style is YamlScalarStyle.Plain or YamlScalarStyle.Any && node.Tag is null:
                WritePlain(writer, node.Value);
                break;
            default:
                writer.WriteStringValue(node.Value);
                break;
        }
    }

    private static void WritePlain(Utf8JsonWriter writer, string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                writer.WriteNullValue();
                return;
            case "true" or "True" or "TRUE":
                writer.WriteBooleanValue(true);
                return;
            case "false" or "False" or "FALSE":
                writer.WriteBooleanValue(false);
                return;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.') &&
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
