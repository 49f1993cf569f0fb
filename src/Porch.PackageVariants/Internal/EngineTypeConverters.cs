using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Porch.Engine.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// Writes and reads the engine's API types (metadata, conditions, render status) with the engine's own JSON metadata,
/// so their Go <c>omitempty</c> rules and time format hold inside the package variant objects too.
/// </summary>
internal abstract class EngineTypeConverter<T>(JsonTypeInfo<T> typeInfo) : JsonConverter<T>
{
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, typeInfo);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, typeInfo);
}

internal sealed class ObjectMetaConverter() : EngineTypeConverter<ObjectMeta>(PorchJsonContext.Default.ObjectMeta);

internal sealed class ListMetaConverter() : EngineTypeConverter<ListMeta>(PorchJsonContext.Default.ListMeta);

internal sealed class KubernetesConditionConverter() : EngineTypeConverter<KubernetesCondition>(PorchJsonContext.Default.KubernetesCondition);

internal sealed class RenderStatusConverter() : EngineTypeConverter<RenderStatus>(PorchJsonContext.Default.RenderStatus);
