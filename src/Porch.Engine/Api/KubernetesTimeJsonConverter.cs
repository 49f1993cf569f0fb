using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// Reads and writes Kubernetes <c>metav1.Time</c>: RFC 3339 in UTC with whole seconds and a <c>Z</c> suffix
/// (for example <c>2024-05-01T12:30:00Z</c>). Reading accepts any RFC 3339 offset and fractional seconds.
/// </summary>
internal sealed class KubernetesTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    internal const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonException($"invalid RFC 3339 time {text}");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
