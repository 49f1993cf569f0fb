using System.Globalization;
using System.Text;

namespace Porch.Krm;

/// <summary>
/// go-yaml v3's reader errors as kyaml passes them on: the texts of <c>parserc.go</c>, <c>readerc.go</c> and
/// <c>decode.go</c>, and the line rule of <c>decode.go</c>'s <c>parser.fail</c>. The scanner's texts come from the
/// scanner port itself (<see cref="Yaml.YamlScanner"/>).
/// </summary>
internal static class GoYamlErrors
{
    /// <summary>Every go-yaml error starts with this.</summary>
    public const string Prefix = "yaml: ";

    public const string ControlCharacters = "control characters are not allowed";
    public const string InvalidUnicodeCharacter = "invalid Unicode character";
    public const string IncompleteUtf8 = "incomplete UTF-8 octet sequence";
    public const string InvalidLeadingUtf8 = "invalid leading UTF-8 octet";
    public const string InvalidTrailingUtf8 = "invalid trailing UTF-8 octet";
    public const string InvalidUtf8Length = "invalid length of a UTF-8 sequence";
    public const string IncompleteUtf16 = "incomplete UTF-16 character";
    public const string UnexpectedLowSurrogate = "unexpected low surrogate area";
    public const string IncompleteUtf16Pair = "incomplete UTF-16 surrogate pair";
    public const string ExpectedLowSurrogate = "expected low surrogate area";
    public const string DocumentStart = "did not find expected <document start>";
    public const string IncompatibleDocument = "found incompatible YAML document";

    /// <summary>
    /// The line go-yaml names (<c>parser.fail</c>): the context mark's line if it is not the first, else the problem
    /// mark's; a scanner error names it 1-based, a parser error 0-based (go-yaml's own off-by-one); the first line is
    /// never named.
    /// </summary>
    /// <param name="scanner">A scanner (or reader) error rather than a parser error.</param>
    /// <param name="contextLine">The 1-based line of the context mark, or 0 when the error has none.</param>
    /// <param name="problemLine">The 1-based line of the problem mark.</param>
    /// <param name="problem">go-yaml's problem text.</param>
    /// <returns>The error text as kyaml returns it.</returns>
    public static string Format(bool scanner, int contextLine, int problemLine, string problem)
    {
        var line = contextLine > 1 ? contextLine : problemLine > 1 ? problemLine : 0;
        if (line > 0 && !scanner)
        {
            line--;
        }

        return line > 0 ? Prefix + "line " + line.ToString(CultureInfo.InvariantCulture) + ": " + problem : Prefix + problem;
    }

    /// <summary>
    /// Decodes a file's bytes as go-yaml's reader does (<c>readerc.go</c>): a UTF-16 byte-order mark selects UTF-16
    /// (little or big endian), anything else is UTF-8 (a UTF-8 mark is dropped), and malformed sequences are refused
    /// with go-yaml's reader texts.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="isUtf16">Whether the text was UTF-16, which kyaml cannot cut into documents.</param>
    /// <returns>The text, or the reader problem.</returns>
    public static (string? Text, string? Problem) Decode(ReadOnlySpan<byte> bytes, out bool isUtf16)
    {
        isUtf16 = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        if (isUtf16)
        {
            return DecodeUtf16(bytes[2..], bigEndian: bytes[0] == 0xFE);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        var sb = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var octet = bytes[i];
            var width = (octet & 0x80) == 0x00 ? 1 : (octet & 0xE0) == 0xC0 ? 2 : (octet & 0xF0) == 0xE0 ? 3 : (octet & 0xF8) == 0xF0 ? 4 : 0;
            if (width == 0)
            {
                return (null, InvalidLeadingUtf8);
            }

            if (i + width > bytes.Length)
            {
                return (null, IncompleteUtf8);
            }

            var value = width switch
            {
                1 => octet & 0x7F,
                2 => octet & 0x1F,
                3 => octet & 0x0F,
                _ => octet & 0x07,
            };
            for (var k = 1; k < width; k++)
            {
                var trailing = bytes[i + k];
                if ((trailing & 0xC0) != 0x80)
                {
                    return (null, InvalidTrailingUtf8);
                }

                value = (value << 6) + (trailing & 0x3F);
            }

            if (!(width == 1 || (width == 2 && value >= 0x80) || (width == 3 && value >= 0x800) || (width == 4 && value >= 0x10000)))
            {
                return (null, InvalidUtf8Length);
            }

            if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
            {
                return (null, InvalidUnicodeCharacter);
            }

            sb.Append(char.ConvertFromUtf32(value));
            i += width;
        }

        return (sb.ToString(), null);
    }

    private static (string? Text, string? Problem) DecodeUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        var sb = new StringBuilder(bytes.Length / 2);
        var i = 0;
        while (i < bytes.Length)
        {
            if (i + 2 > bytes.Length)
            {
                return (null, IncompleteUtf16);
            }

            var unit = bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
            if ((unit & 0xFC00) == 0xDC00)
            {
                return (null, UnexpectedLowSurrogate);
            }

            if ((unit & 0xFC00) == 0xD800)
            {
                if (i + 4 > bytes.Length)
                {
                    return (null, IncompleteUtf16Pair);
                }

                var low = bigEndian ? (bytes[i + 2] << 8) | bytes[i + 3] : bytes[i + 2] | (bytes[i + 3] << 8);
                if ((low & 0xFC00) != 0xDC00)
                {
                    return (null, ExpectedLowSurrogate);
                }

                sb.Append((char)unit).Append((char)low);
                i += 4;
                continue;
            }

            sb.Append((char)unit);
            i += 2;
        }

        return (sb.ToString(), null);
    }
}
