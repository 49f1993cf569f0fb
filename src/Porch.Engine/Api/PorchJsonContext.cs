using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Source-generated System.Text.Json metadata for the Porch API objects, with Go's <c>omitempty</c> behaviour:
/// unset optional fields, zero numbers and booleans where Go omits them, and empty slices and maps are left out;
/// fields Go always writes are always written (for example <c>renderStatus.error</c> and a <c>null</c>
/// <c>creationTimestamp</c>). Map keys are written in ordinal order and times as RFC 3339 UTC seconds.
/// </summary>
/// <example><code>var json = JsonSerializer.Serialize(revision, PorchJsonContext.Default.PackageRevision);</code></example>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesTimeJsonConverter)])]
[JsonSerializable(typeof(PackageRevision))]
[JsonSerializable(typeof(PackageRevisionList))]
[JsonSerializable(typeof(PackageRevisionResources))]
[JsonSerializable(typeof(PackageRevisionResourcesList))]
[JsonSerializable(typeof(PorchPackage))]
[JsonSerializable(typeof(PorchPackageList))]
[JsonSerializable(typeof(Repository))]
[JsonSerializable(typeof(RepositoryList))]
[JsonSerializable(typeof(TaskSpec))]
[JsonSerializable(typeof(FunctionResultList))]
public sealed partial class PorchJsonContext : JsonSerializerContext;
