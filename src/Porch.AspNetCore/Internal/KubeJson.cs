using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Porch.AspNetCore.Internal;

/// <summary>JSON in and out of the endpoints: Porch's API types through their source-generated metadata.</summary>
internal static class KubeJson
{
    public const string ContentType = "application/json";

    public static IResult Result(JsonNode node, int status = 200) =>
        Results.Text(node.ToJsonString(), ContentType, Encoding.UTF8, status);

    public static IResult Result<T>(T value, JsonTypeInfo<T> type, int status = 200) => new JsonResult<T>(value, type, status);

    public static JsonNode ToNode<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToNode(value, type)!;

    public static T FromNode<T>(JsonNode node, JsonTypeInfo<T> type) =>
        node.Deserialize(type) ?? throw new JsonException("the request body is empty");

    public static async Task<JsonNode> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return node ?? throw new JsonException("the request body is empty");
    }

    public static async Task<T> ReadBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken).ConfigureAwait(false);
        return value ?? throw new JsonException("the request body is empty");
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
