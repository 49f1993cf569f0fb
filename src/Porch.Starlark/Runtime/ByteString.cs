using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>
/// Helpers for the internal string representation: a .NET string whose every char holds one byte (0-255)
/// of the UTF-8 encoding. This gives Starlark's byte-string semantics (<c>len("é") == 2</c>) while letting
/// ordinal string operations work directly on bytes.
/// </summary>
internal static class ByteString
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Encodes .NET text (UTF-16) as a byte string; ASCII text is returned unchanged.</summary>
    public static string Encode(string text)
    {
        if (IsAscii(text))
        {
            return text;
        }

        var bytes = Utf8.GetBytes(text);
        return FromBytes(bytes);
    }

    /// <summary>Decodes a byte string to .NET text; invalid UTF-8 becomes U+FFFD.</summary>
    public static string Decode(string raw)
    {
        if (IsAscii(raw))
        {
            return raw;
        }

        return Utf8.GetString(ToBytes(raw));
    }

    public static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (span, b) =>
        {
            for (var i = 0; i < b.Length; i++)
            {
                span[i] = (char)b[i];
            }
        });
    }

    public static byte[] ToBytes(string raw)
    {
        var bytes = new byte[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            bytes[i] = (byte)raw[i];
        }

        return bytes;
    }

    /// <summary>Appends the UTF-8 encoding of a code point as byte chars.</summary>
    public static void AppendRune(StringBuilder sb, int cp)
    {
        if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            cp = 0xFFFD;
        }

        if (cp < 0x80)
        {
            sb.Append((char)cp);
        }
        else if (cp < 0x800)
        {
            sb.Append((char)(0xC0 | (cp >> 6)));
            sb.Append((char)(0x80 | (cp & 0x3F)));
        }
        else if (cp < 0x10000)
        {
            sb.Append((char)(0xE0 | (cp >> 12)));
            sb.Append((char)(0x80 | ((cp >> 6) & 0x3F)));
            sb.Append((char)(0x80 | (cp & 0x3F)));
        }
        else
        {
            sb.Append((char)(0xF0 | (cp >> 18)));
            sb.Append((char)(0x80 | ((cp >> 12) & 0x3F)));
            sb.Append((char)(0x80 | ((cp >> 6) & 0x3F)));
            sb.Append((char)(0x80 | (cp & 0x3F)));
        }
    }

    public static string EncodeRune(int cp)
    {
        var sb = new StringBuilder(4);
        AppendRune(sb, cp);
        return sb.ToString();
    }

    /// <summary>
    /// Decodes one UTF-8 sequence starting at <paramref name="i"/>; returns the code point (U+FFFD for an
    /// invalid byte) and the number of bytes consumed (at least 1).
    /// </summary>
    public static int DecodeRune(string raw, int i, out int size)
    {
        int b0 = raw[i];
        if (b0 < 0x80)
        {
            size = 1;
            return b0;
        }

        int need;
        int cp;
        int min;
        if ((b0 & 0xE0) == 0xC0)
        {
            need = 1;
            cp = b0 & 0x1F;
            min = 0x80;
        }
        else if ((b0 & 0xF0) == 0xE0)
        {
            need = 2;
            cp = b0 & 0x0F;
            min = 0x800;
        }
        else if ((b0 & 0xF8) == 0xF0)
        {
            need = 3;
            cp = b0 & 0x07;
            min = 0x10000;
        }
        else
        {
            size = 1;
            return 0xFFFD;
        }

        if (i + need >= raw.Length)
        {
            size = 1;
            return 0xFFFD;
        }

        for (var k = 1; k <= need; k++)
        {
            int b = raw[i + k];
            if ((b & 0xC0) != 0x80)
            {
                size = 1;
                return 0xFFFD;
            }

            cp = (cp << 6) | (b & 0x3F);
        }

        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            size = 1;
            return 0xFFFD;
        }

        size = need + 1;
        return cp;
    }

    /// <summary>Returns the code points of a byte string (invalid bytes become U+FFFD).</summary>
    public static List<int> Runes(string raw)
    {
        var result = new List<int>(raw.Length);
        for (var i = 0; i < raw.Length;)
        {
            result.Add(DecodeRune(raw, i, out var size));
            i += size;
        }

        return result;
    }

    /// <summary>Transcodes a byte string so that invalid UTF-8 bytes become the encoding of U+FFFD.</summary>
    public static string Sanitize(string raw)
    {
        if (IsAscii(raw))
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length;)
        {
            var cp = DecodeRune(raw, i, out var size);
            if (cp == 0xFFFD && size == 1)
            {
                AppendRune(sb, 0xFFFD);
            }
            else
            {
                sb.Append(raw, i, size);
            }

            i += size;
        }

        return sb.ToString();
    }
}
