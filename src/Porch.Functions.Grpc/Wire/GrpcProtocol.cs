using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Porch.Functions.Grpc.Wire;

/// <summary>
/// The parts of the gRPC-over-HTTP/2 protocol (grpc/grpc doc/PROTOCOL-HTTP2.md) a unary call needs: header names, the
/// 5-byte message prefix, <c>grpc-timeout</c> values and the percent-encoding of <c>grpc-message</c>.
/// </summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const int PrefixLength = 5;

    /// <summary>The status message a server sends when the call's <c>grpc-timeout</c> expires (grpc-dotnet's and grpc core's text).</summary>
    public const string DeadlineExceededMessage = "Deadline Exceeded";

    /// <summary>Whether a content type is gRPC's (<c>application/grpc</c> or <c>application/grpc+proto</c>, parameters allowed).</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is ';' || (next is '+' && contentType.AsSpan(ContentType.Length + 1).StartsWith("proto", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Returns a frame holding the 5-byte prefix (uncompressed, big-endian length) followed by the message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[PrefixLength + message.Length];
        WritePrefix(frame, message.Length);
        message.CopyTo(frame.AsSpan(PrefixLength));
        return frame;
    }

    /// <summary>Writes the uncompressed prefix for a message of <paramref name="length"/> bytes.</summary>
    public static void WritePrefix(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>
    /// Reads the single message of a unary stream: one frame, then the end of the stream.
    /// </summary>
    /// <param name="stream">The HTTP/2 body.</param>
    /// <param name="maxSize">The largest message accepted.</param>
    /// <param name="isResponse">True when reading a response, false when reading a request (only the cardinality error differs).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message bytes, or null when the stream ends before a frame starts.</returns>
    /// <exception cref="GrpcStatusException">RESOURCE_EXHAUSTED when the message is larger than allowed; INTERNAL when it is compressed, cut short or followed by another.</exception>
    public static async Task<byte[]?> ReadSingleMessageAsync(Stream stream, int maxSize, bool isResponse, CancellationToken cancellationToken)
    {
        var prefix = new byte[PrefixLength];
        var got = await ReadAtLeastAsync(stream, prefix, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < PrefixLength)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "grpc: the message prefix was cut short");
        }

        if (prefix[0] != 0)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal,
                prefix[0] == 1 ? "grpc: compressed flag set with identity or empty encoding" : "grpc: invalid compressed flag " + prefix[0].ToString(CultureInfo.InvariantCulture));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1));
        if (length > (uint)maxSize)
        {
            // grpc-go's text, the same on either end.
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"grpc: received message larger than max ({length} vs. {maxSize})");
        }

        var message = new byte[length];
        if (await ReadAtLeastAsync(stream, message, cancellationToken).ConfigureAwait(false) < message.Length)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "grpc: the message was cut short");
        }

        var extra = new byte[1];
        if (await stream.ReadAsync(extra, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal,
                isResponse ? "cardinality violation: expected <EOF> for non server-streaming RPCs, but received another message"
                         : "grpc: received a second request message for a unary method");
        }

        return message;
    }

    /// <summary>Encodes a timeout as a <c>grpc-timeout</c> value: at most 8 digits and a unit, rounded up.</summary>
    public static string EncodeTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        const long max = 99_999_999;
        (double Ticks, char Unit)[] units =
        [
            (0.01, 'n'),
            (10, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (unitTicks, unit) in units)
        {
            var value = (long)Math.Ceiling(timeout.Ticks / unitTicks);
            if (value <= max)
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return max.ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>Parses a <c>grpc-timeout</c> value.</summary>
    public static bool TryParseTimeout(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        double ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * (TimeSpan.TicksPerMillisecond / 1000.0),
            'n' => Math.Ceiling(amount / 100.0),
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>Percent-encodes a status message: UTF-8, every byte outside 0x20–0x7E and <c>%</c> itself as <c>%XX</c>.</summary>
    public static string EncodeMessage(string message)
    {
        var needs = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var sb = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes a percent-encoded status message; malformed escapes are kept as they are.</summary>
    public static string DecodeMessage(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                // Header values are ASCII; anything else is passed through as UTF-8.
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Encodes a binary header value (<c>-bin</c> suffix) as unpadded base64.</summary>
    public static string EncodeBinaryHeader(byte[] value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>Decodes a binary header value, padded or not; null when it is not base64.</summary>
    public static byte[]? DecodeBinaryHeader(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }

    /// <summary>The gRPC code for an HTTP status when the response is not gRPC (PROTOCOL-HTTP2.md, "HTTP to gRPC Status Code Mapping").</summary>
    public static GrpcStatusCode FromHttpStatus(int status) => status switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    private static async Task<int> ReadAtLeastAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
