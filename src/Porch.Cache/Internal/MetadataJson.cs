using System.Text.Json;
using Porch.Engine.Api;

namespace Porch.Cache.Internal;

/// <summary>Metadata to and from the JSON kept in the <c>meta</c> column, and deep copies.</summary>
internal static class MetadataJson
{
    public static string Serialize(ObjectMeta meta) => JsonSerializer.Serialize(meta, PorchJsonContext.Default.ObjectMeta);

    public static ObjectMeta? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, PorchJsonContext.Default.ObjectMeta);

    public static ObjectMeta Clone(ObjectMeta meta) => Deserialize(Serialize(meta))!; // a serialized ObjectMeta always reads back
}
