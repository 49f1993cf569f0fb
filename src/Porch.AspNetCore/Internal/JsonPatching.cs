using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// JSON merge patch (RFC 7386) and JSON patch (RFC 6902), as kubectl sends them, answered as the Kubernetes API
/// server (with evanphx/json-patch) answers: an unsupported or missing content type is 415, a patch that is not a list
/// of operations is 400, a patch that cannot be applied (unknown op, missing path, invalid index, failed test, removing
/// the root) is 422 <c>the server rejected our request due to an error in our request</c>.
/// </summary>
internal static class JsonPatching
{
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>apiserver's limit on the operations of one JSON patch.</summary>
    public const int MaxOperations = 10000;

    private static readonly string[] Supported = [JsonPatch, MergePatch, StrategicMergePatch];

    /// <summary>The patch's media type (parameters dropped); a missing or unsupported one is a 415.</summary>
    public static string PatchType(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return Array.IndexOf(Supported, mediaType) >= 0 ? mediaType : throw ApiStatusException.UnsupportedMediaType(Supported);
    }

    public static JsonNode Apply(JsonNode target, JsonNode patch, string mediaType) => mediaType switch
    {
        JsonPatch => ApplyJsonPatch(target, patch),
        _ => Merge(target, patch) ?? throw ApiStatusException.BadRequest("the patch replaces the object with null"),
    };

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
            throw ApiStatusException.BadRequest("json: cannot unmarshal " + Describe(patch) + " into Go value of type jsonpatch.Patch");
        }

        if (operations.Any(o => o is not JsonObject))
        {
            throw ApiStatusException.BadRequest("json: cannot unmarshal " + Describe(operations.FirstOrDefault(o => o is not JsonObject)) + " into Go value of type jsonpatch.Operation");
        }

        if (operations.Count > MaxOperations)
        {
            throw ApiStatusException.TooLarge($"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        var document = target.DeepClone();
        foreach (var operation in operations.Cast<JsonObject>())
        {
            var op = Text(operation, "op") ?? "unknown";
            switch (op)
            {
                case "add":
                    document = Set(document, Path(operation, op), Value(operation, op), insert: true);
                    break;
                case "replace":
                    var replaced = Path(operation, op);
                    Get(document, replaced, op);
                    document = Set(document, replaced, Value(operation, op), insert: false);
                    break;
                case "remove":
                    document = Remove(document, Path(operation, op), op);
                    break;
                case "test":
                    var tested = Path(operation, op);
                    if (!JsonNode.DeepEquals(Get(document, tested, op), operation["value"]))
                    {
                        throw Failed($"testing value {tested} failed: test failed");
                    }

                    break;
                case "copy":
                    var source = From(operation, op);
                    document = Set(document, Path(operation, op), Get(document, source, op)?.DeepClone(), insert: true);
                    break;
                case "move":
                    var from = From(operation, op);
                    var moved = Get(document, from, op)?.DeepClone();
                    document = Remove(document, from, op);
                    document = Set(document, Path(operation, op), moved, insert: true);
                    break;
                default:
                    throw Failed("Unexpected kind: " + op);
            }
        }

        return document;
    }

    private static string? Text(JsonObject operation, string field) =>
        operation[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static string Path(JsonObject operation, string op) =>
        Text(operation, "path") ?? throw Failed($"{op} operation failed to decode path");

    private static string From(JsonObject operation, string op) =>
        Text(operation, "from") ?? throw Failed($"{op} operation failed to decode from");

    private static JsonNode? Value(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Failed($"{op} operation missing value");

    private static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw Failed($"JSON pointer must be empty or start with a \"/\": {pointer}");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>RFC 6901 array indexes: <c>0</c> or digits without a leading zero or sign (so <c>+1</c>, <c>01</c>, <c>-1</c> are refused).</summary>
    private static bool TryIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || token.Length > 9 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        index = int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    private static JsonNode? Get(JsonNode document, string pointer, string op)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when TryIndex(token, out var i) && i < a.Count => a[i],
                JsonArray => throw Failed($"{op} operation does not apply: unable to access invalid index: {token}"),
                _ => throw Failed($"{op} operation does not apply: doc is missing path: \"{pointer}\": missing value"),
            };
        }

        return node;
    }

    private static JsonNode Set(JsonNode document, string pointer, JsonNode? value, bool insert)
    {
        var op = insert ? "add" : "replace";
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? throw Failed($"{op} operation cannot replace the whole document with null");
        }

        var parent = Get(document, Parent(tokens), op);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-" && insert:
                a.Add(value);
                break;
            case JsonArray a when TryIndex(last, out var i) && (insert ? i <= a.Count : i < a.Count):
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            case JsonArray:
                throw Failed($"{op} operation does not apply: unable to access invalid index: {last}");
            default:
                throw Failed($"{op} operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string pointer, string op)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw Failed($"{op} operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }

        var parent = Get(document, Parent(tokens), op);
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when TryIndex(last, out var i) && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        return removed ? document : throw Failed($"{op} operation does not apply: doc is missing path: \"{pointer}\": missing value");
    }

    private static string Parent(string[] tokens) => tokens.Length <= 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape));

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Describe(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "bool",
        JsonValue => "number",
        _ => "null",
    };

    private static ApiStatusException Failed(string why) => ApiStatusException.PatchNotApplied(why);
}
