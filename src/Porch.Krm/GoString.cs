using System.Globalization;
using System.Text;

namespace Porch.Krm;

/// <summary>
/// Go's two ways of writing a string that kpt's and Porch's messages and files use: <c>%q</c> (<c>strconv.Quote</c>)
/// and <c>encoding/json</c>'s string encoding. One implementation for every package, so a message reads the same
/// wherever it is made.
/// </summary>
public static class GoString
{
    /// <summary>
    /// Go's <c>%q</c>: double quotes; <c>\a \b \f \n \r \t \v \\ \"</c> escaped; other ASCII control characters as
    /// <c>\xNN</c>; other runes Go does not print (controls, separators other than space, format and unassigned
    /// characters) as <c>\uNNNN</c> or <c>\UNNNNNNNN</c>; everything else as it is.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns>The quoted text.</returns>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune.Value < 0x80 && (rune.Value < 0x20 || rune.Value == 0x7f))
                    {
                        sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (rune.Value == ' ' || IsGoPrintable(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x10000)
                    {
                        sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Appends <paramref name="value"/> as Go's <c>encoding/json</c> writes a string: double quotes; <c>\" \\ \n \r \t</c>
    /// escaped; other control characters, the HTML characters <c>&lt; &gt; &amp;</c> and U+2028/U+2029 as <c>\u00NN</c>.
    /// </summary>
    /// <param name="sb">The builder to append to.</param>
    /// <param name="value">The text.</param>
    public static void AppendJson(StringBuilder sb, string value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(value);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Go's <c>json.Marshal</c> of a <c>map[string]string</c>: keys in ordinal order, strings as <see cref="AppendJson"/>.</summary>
    /// <param name="map">The map.</param>
    /// <returns>The JSON text.</returns>
    public static string JsonMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            AppendJson(sb, key);
            sb.Append(':');
            AppendJson(sb, value);
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Go's <c>unicode.IsPrint</c> without the space: letters, marks, numbers, punctuation and symbols.</summary>
    private static bool IsGoPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
