using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Porch.Engine.Api;

namespace Porch.AspNetCore.Internal;

/// <summary>JSON in and out of the endpoints: Porch's API types through their source-generated metadata.</summary>
internal static class KubeJson
{
    public const string ContentType = "application/json";

    public static IResult Result(JsonNode node, int status = 200) =>
        Results.Text(node.ToJsonString(), ContentType, Encoding.UTF8, status);

    public static IResult Result<T>(T value, JsonTypeInfo<T> type, int status = 200) => new JsonResult<T>(value, type, status);

    public static JsonNode ToNode<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToNode(value, type)!;

    /// <summary>Reads an object back from a (patched) node, refusing nesting deeper than the limit with a 400.</summary>
    public static T FromNode<T>(JsonNode node, JsonTypeInfo<T> type, int maxDepth)
    {
        if (Depth(node) > maxDepth)
        {
            throw ApiStatusException.BadRequest($"the object provided is unrecognized or malformed: the patched object is nested deeper than {maxDepth} levels");
        }

        return node.Deserialize(type) ?? throw new JsonException("the request body is empty");
    }

    /// <summary>Reads a patch body: limited in size and depth, duplicate keys handled by <c>fieldValidation</c>.</summary>
    public static async Task<JsonNode> ReadBodyAsync(RequestContext request)
    {
        var body = await ReadLimitedAsync(request).ConfigureAwait(false);
        CheckDuplicates(request, body, prefix: null);
        var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = request.Options.MaxJsonDepth });
        return node ?? throw new JsonException("the request body is empty");
    }

    /// <summary>Reads an object body: limited in size and depth, duplicate keys handled by <c>fieldValidation</c>.</summary>
    public static async Task<T> ReadBodyAsync<T>(RequestContext request, JsonTypeInfo<T> type)
    {
        var body = await ReadLimitedAsync(request).ConfigureAwait(false);
        var kind = typeof(T).Name;
        CheckDuplicates(request, body, $"{kind} in version \"{PorchApi.Version}\" cannot be handled as a {kind}: ");
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = request.Options.MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow });
        var value = JsonSerializer.Deserialize(ref reader, type);
        return value ?? throw new JsonException("the request body is empty");
    }

    /// <summary>The body, at most <see cref="PorchApiOptions.MaxRequestBodySize"/> bytes; more is a 413.</summary>
    internal static async Task<byte[]> ReadLimitedAsync(RequestContext request)
    {
        var limit = request.Options.MaxRequestBodySize;
        var http = request.Http.Request;
        if (http.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, request.Aborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ApiStatusException TooLarge(long limit) =>
        ApiStatusException.TooLarge("limit is " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// apiserver's field validation of duplicate keys: <c>Strict</c> refuses with 400 <c>strict decoding error:
    /// duplicate field "a.b"</c>, <c>Warn</c> (the default) answers with one <c>Warning: 299</c> header per duplicate,
    /// <c>Ignore</c> says nothing. The last value of a duplicate key wins, as in Go.
    /// </summary>
    private static void CheckDuplicates(RequestContext request, byte[] body, string? prefix)
    {
        var mode = request.FieldValidation;
        if (mode == FieldValidation.Ignore)
        {
            return;
        }

        var duplicates = DuplicateFields.Find(body, request.Options.MaxJsonDepth);
        if (duplicates.Count == 0)
        {
            return;
        }

        var errors = duplicates.Select(d => $"duplicate field \"{d}\"").ToList();
        if (mode == FieldValidation.Strict)
        {
            throw ApiStatusException.BadRequest(prefix + "strict decoding error: " + string.Join(", ", errors));
        }

        foreach (var error in errors)
        {
            request.Http.Response.Headers.Append("Warning", "299 - " + Quote(error));
        }
    }

    /// <summary>A Go <c>%q</c>-style quoted header text (apiserver's warning format).</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>How deep a node nests (a scalar is 0, an empty object 1), without recursion.</summary>
    private static int Depth(JsonNode node)
    {
        var max = 0;
        var stack = new Stack<(JsonNode Node, int Depth)>();
        stack.Push((node, 1));
        while (stack.Count > 0)
        {
            var (current, depth) = stack.Pop();
            IEnumerable<JsonNode?> children = current switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => [],
            };
            if (current is JsonObject or JsonArray)
            {
                max = Math.Max(max, depth);
                foreach (var child in children)
                {
                    if (child is not null)
                    {
                        stack.Push((child, depth + 1));
                    }
                }
            }
        }

        return max;
    }

    /// <summary>Serializes straight into the response body (no intermediate string).</summary>
    private sealed class JsonResult<T>(T value, JsonTypeInfo<T> type, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType + "; charset=utf-8";
            return JsonSerializer.SerializeAsync(httpContext.Response.Body, value, type, httpContext.RequestAborted);
        }
    }
}
