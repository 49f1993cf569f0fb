using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// The bodies the core endpoints read: JSON, or protobuf as client-go's typed clients send Secrets and Namespaces
/// (kubectl 1.32 does not fall back to JSON). Anything else is apiserver's 415.
/// </summary>
internal static class CoreMediaType
{
    private static readonly string[] Accepted = ["application/json", KubeProtobuf.MediaType];

    public static async Task<JsonObject> ReadAsync(RequestContext request)
    {
        var mediaType = request.ContentType.Split(';')[0].Trim();
        if (mediaType.Equals(KubeProtobuf.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return KubeProtobuf.Decode(await KubeJson.ReadLimitedAsync(request).ConfigureAwait(false));
        }

        if (mediaType.Length > 0 && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiStatusException.UnsupportedMediaType(Accepted);
        }

        return await KubeJson.ReadBodyAsync(request).ConfigureAwait(false) as JsonObject
            ?? throw ApiStatusException.BadRequest("the object provided is unrecognized or malformed");
    }
}
