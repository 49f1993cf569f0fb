using System.Text;
using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// Reads the core kinds client-go sends as protobuf (kubectl's typed clients write Secrets and Namespaces as
/// <c>application/vnd.kubernetes.protobuf</c> and do not fall back to JSON): apimachinery's envelope (the magic
/// <c>k8s\0</c>, then a <c>runtime.Unknown</c> with the <c>TypeMeta</c> and the raw object) and the fields of
/// <c>k8s.io/api/core/v1/generated.proto</c> this server keeps, into the JSON object the endpoints read. Fields it does
/// not keep are skipped by wire type. A malformed message is a 400 that quotes nothing of the body.
/// </summary>
internal static class KubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [(byte)'k', (byte)'8', (byte)'s', 0];

    /// <summary>Decodes a Secret or Namespace; the kind comes from the envelope.</summary>
    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Malformed();
        }

        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (field, value) in Fields(body.AsMemory(Magic.Length)))
        {
            switch (field)
            {
                case 1:
                    foreach (var (typeField, typeValue) in Fields(value.Bytes))
                    {
                        if (typeField == 1)
                        {
                            apiVersion = typeValue.Text;
                        }
                        else if (typeField == 2)
                        {
                            kind = typeValue.Text;
                        }
                    }

                    break;
                case 2:
                    raw = value.Bytes.ToArray();
                    break;
            }
        }

        var payload = raw ?? [];
        return kind switch
        {
            "Secret" => Secret(payload, apiVersion),
            "Namespace" => Namespace(payload, apiVersion),
            _ => throw new ApiStatusException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json"),
        };
    }

    private static JsonObject Secret(ReadOnlyMemory<byte> message, string? apiVersion)
    {
        var secret = new JsonObject { ["apiVersion"] = apiVersion ?? "v1", ["kind"] = "Secret" };
        var data = new JsonObject();
        var stringData = new JsonObject();
        foreach (var (field, value) in Fields(message))
        {
            switch (field)
            {
                case 1:
                    secret["metadata"] = Metadata(value.Bytes);
                    break;
                case 2:
                    var (key, bytes) = Entry(value.Bytes);
                    data[key] = Convert.ToBase64String(bytes.Span);
                    break;
                case 3:
                    secret["type"] = value.Text;
                    break;
                case 4:
                    var (textKey, text) = Entry(value.Bytes);
                    stringData[textKey] = Encoding.UTF8.GetString(text.Span);
                    break;
                case 5:
                    secret["immutable"] = value.Number != 0;
                    break;
            }
        }

        secret["data"] = data;
        if (stringData.Count > 0)
        {
            secret["stringData"] = stringData;
        }

        return secret;
    }

    private static JsonObject Namespace(ReadOnlyMemory<byte> message, string? apiVersion)
    {
        var ns = new JsonObject { ["apiVersion"] = apiVersion ?? "v1", ["kind"] = "Namespace" };
        foreach (var (field, value) in Fields(message))
        {
            if (field == 1)
            {
                ns["metadata"] = Metadata(value.Bytes);
            }
        }

        return ns;
    }

    /// <summary>ObjectMeta: name 1, generateName 2, namespace 3, resourceVersion 6, labels 11, annotations 12, finalizers 14.</summary>
    private static JsonObject Metadata(ReadOnlyMemory<byte> message)
    {
        var metadata = new JsonObject();
        var labels = new JsonObject();
        var annotations = new JsonObject();
        var finalizers = new JsonArray();
        foreach (var (field, value) in Fields(message))
        {
            // gogo-protobuf writes every string field, empty ones too: an empty value is an unset field.
            if (field is 1 or 2 or 3 or 6 && value.Bytes.IsEmpty)
            {
                continue;
            }

            switch (field)
            {
                case 1: metadata["name"] = value.Text; break;
                case 2: metadata["generateName"] = value.Text; break;
                case 3: metadata["namespace"] = value.Text; break;
                case 6: metadata["resourceVersion"] = value.Text; break;
                case 11:
                    var (labelKey, label) = Entry(value.Bytes);
                    labels[labelKey] = Encoding.UTF8.GetString(label.Span);
                    break;
                case 12:
                    var (annotationKey, annotation) = Entry(value.Bytes);
                    annotations[annotationKey] = Encoding.UTF8.GetString(annotation.Span);
                    break;
                case 14: finalizers.Add(value.Text); break;
            }
        }

        if (labels.Count > 0)
        {
            metadata["labels"] = labels;
        }

        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations;
        }

        if (finalizers.Count > 0)
        {
            metadata["finalizers"] = finalizers;
        }

        return metadata;
    }

    /// <summary>A map entry: key 1 (string), value 2.</summary>
    private static (string Key, ReadOnlyMemory<byte> Value) Entry(ReadOnlyMemory<byte> message)
    {
        var key = "";
        ReadOnlyMemory<byte> value = default;
        foreach (var (field, part) in Fields(message))
        {
            if (field == 1)
            {
                key = part.Text;
            }
            else if (field == 2)
            {
                value = part.Bytes;
            }
        }

        return (key, value);
    }

    private static IEnumerable<(int Field, Value Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return (field, new Value(default, Varint(message.Span, ref position)));
                    break;
                case 1:
                    Skip(message.Length, ref position, 8);
                    break;
                case 2:
                    var length = Varint(message.Span, ref position);
                    if (length > (ulong)(message.Length - position))
                    {
                        throw Malformed();
                    }

                    var start = position;
                    position += (int)length;
                    yield return (field, new Value(message.Slice(start, (int)length), 0));
                    break;
                case 5:
                    Skip(message.Length, ref position, 4);
                    break;
                default:
                    throw Malformed();
            }
        }
    }

    private static void Skip(int length, ref int position, int count)
    {
        if (length - position < count)
        {
            throw Malformed();
        }

        position += count;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw Malformed();
            }

            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Malformed();
    }

    private static ApiStatusException Malformed() => ApiStatusException.BadRequest("the object provided is unrecognized or malformed: the protobuf message cannot be decoded");

    private readonly record struct Value(ReadOnlyMemory<byte> Bytes, ulong Number)
    {
        public string Text => Encoding.UTF8.GetString(Bytes.Span);
    }
}
