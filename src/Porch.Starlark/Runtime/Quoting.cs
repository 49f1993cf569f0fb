using System.Globalization;
using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>Starlark string quoting (as <c>repr</c> prints strings and bytes): double quotes, Go-style escapes.</summary>
internal static class Quoting
{
    public static void Quote(StringBuilder sb, string raw, bool bytes)
    {
        if (bytes)
        {
            sb.Append('b');
        }

        sb.Append('"');
        for (var i = 0; i < raw.Length;)
        {
            var c = raw[i];
            if (c < 0x80)
            {
                AppendAscii(sb, c);
                i++;
                continue;
            }

            var cp = ByteString.DecodeRune(raw, i, out var size);
            if (cp == 0xFFFD && size == 1)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (IsPrint(cp))
            {
                sb.Append(raw, i, size);
            }
            else if (cp < 0x10000)
            {
                sb.Append("\\u").Append(cp.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
            }

            i += size;
        }

        sb.Append('"');
    }

    public static string QuoteChar(char c) => c < 0x20 || c == 0x7f ? "'\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) + "'" : "'" + c + "'";

    public static bool IsPrint(int cp)
    {
        if (cp == ' ')
        {
            return true;
        }

        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    private static void AppendAscii(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\a': sb.Append("\\a"); break;
            case '\b': sb.Append("\\b"); break;
            case '\f': sb.Append("\\f"); break;
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            case '\t': sb.Append("\\t"); break;
            case '\v': sb.Append("\\v"); break;
            case '\\': sb.Append("\\\\"); break;
            case '"': sb.Append("\\\""); break;
            default:
                if (c < 0x20 || c == 0x7f)
                {
                    sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }

                break;
        }
    }
}
