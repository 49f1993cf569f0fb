using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Engine.Errors;

namespace Porch.AspNetCore.Internal;

/// <summary>JSON merge patch (RFC 7386) and JSON patch (RFC 6902), as kubectl sends them.</summary>
internal static class JsonPatching
{
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    public static JsonNode Apply(JsonNode target, JsonNode patch, string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType switch
        {
            MergePatch or StrategicMergePatch => Merge(target, patch)!,
            JsonPatch => ApplyJsonPatch(target, patch),
            _ => throw new PackageValidationException($"the server does not support patch type {mediaType}", PorchErrorCode.BadRequest),
        };
    }

    /// <summary>RFC 7386: objects merge recursively, null removes, everything else replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject is { } t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Merge(result[key], value);
            }
        }

        return result;
    }

    private static JsonNode ApplyJsonPatch(JsonNode target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw new PackageValidationException("a JSON patch must be an array of operations", PorchErrorCode.BadRequest);
        }

        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw Bad("an operation without \"op\"");
            var path = operation["path"]?.GetValue<string>() ?? throw Bad($"operation {op} without \"path\"");
            switch (op)
            {
                case "add":
                    document = Set(document, path, operation["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    Get(document, path);
                    document = Set(document, path, operation["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    document = Remove(document, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                    {
                        throw Bad($"test operation failed at {path}");
                    }

                    break;
                case "copy":
                    document = Set(document, path, Get(document, From(operation, op))?.DeepClone(), insert: true);
                    break;
                case "move":
                    var from = From(operation, op);
                    var moved = Get(document, from)?.DeepClone();
                    document = Remove(document, from);
                    document = Set(document, path, moved, insert: true);
                    break;
                default:
                    throw Bad($"unknown operation {op}");
            }
        }

        return document;
    }

    private static string From(JsonNode operation, string op) =>
        operation["from"]?.GetValue<string>() ?? throw Bad($"operation {op} without \"from\"");

    private static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw Bad($"invalid JSON pointer {pointer}");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Get(JsonNode document, string pointer)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Bad($"path {pointer} does not exist"),
            };
        }

        return node;
    }

    private static JsonNode Set(JsonNode document, string pointer, JsonNode? value, bool insert)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? throw Bad("cannot replace the whole document with null");
        }

        var parent = Get(document, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw Bad($"path {pointer} does not exist");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string pointer)
    {
        var tokens = Tokens(pointer);
        var parent = Get(document, tokens.Length <= 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        return removed ? document : throw Bad($"path {pointer} does not exist");
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static PackageValidationException Bad(string message) => new("the JSON patch cannot be applied: " + message, PorchErrorCode.BadRequest);

    internal static JsonException Malformed(string message) => new(message);
}
