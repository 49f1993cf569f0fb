using System.Text.Json.Serialization;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants.Api;

/// <summary>Source-generated System.Text.Json metadata for the package variant API objects (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ObjectMetaConverter), typeof(ListMetaConverter), typeof(KubernetesConditionConverter), typeof(RenderStatusConverter)])]
[JsonSerializable(typeof(PackageVariant))]
[JsonSerializable(typeof(PackageVariantList))]
[JsonSerializable(typeof(PackageVariantSet))]
[JsonSerializable(typeof(PackageVariantSetList))]
[JsonSerializable(typeof(PackageVariantSpec))]
[JsonSerializable(typeof(PackageVariantSetSpec))]
[JsonSerializable(typeof(PackageVariantTemplate))]
public sealed partial class PackageVariantJsonContext : JsonSerializerContext;
