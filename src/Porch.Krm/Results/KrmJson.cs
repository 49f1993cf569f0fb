using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Porch.Krm;

/// <summary>
/// JSON contracts of the kpt types this package defines, source-generated (no reflection, trimming-safe), in the
/// shape Go writes them: camelCase names, empty lists and maps omitted, <c>metadata.creationTimestamp</c> written as null.
/// </summary>
public static class KrmJson
{
    /// <summary>Gets the contract of kpt's <c>FunctionResultList</c> (the <c>results.yaml</c> of a render).</summary>
    public static JsonTypeInfo<FunctionResultList> FunctionResultList => KrmJsonContext.Default.FunctionResultList;
}

/// <summary>The source-generated contracts behind <see cref="KrmJson"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FunctionResultList))]
internal sealed partial class KrmJsonContext : JsonSerializerContext;
