using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Porch.Krm;

/// <summary>go-yaml's scalar analysis: which styles can represent a text, and how its resolver reads plain text.</summary>
internal static partial class ScalarAnalysis
{
    internal readonly record struct Allowed(bool FlowPlain, bool BlockPlain, bool SingleQuoted, bool Block, bool Multiline);

    public static Allowed Analyze(string value)
    {
        if (value.Length == 0)
        {
            return new Allowed(false, false, true, false, false);
        }

        if (IsSimple(value))
        {
            return new Allowed(true, true, true, true, false);
        }

        bool flowIndicators = false, blockIndicators = false;
        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal))
        {
            flowIndicators = true;
            blockIndicators = true;
        }

        bool lineBreaks = false, special = false, tabs = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
        bool precededByWhitespace = true, previousSpace = false, previousBreak = false;
        // Rune by rune as string.EnumerateRunes decodes them (a lone surrogate is one replacement character), looking one ahead.
        var text = value.AsSpan();
        Rune.DecodeFromUtf16(text, out var rune, out var length);
        var i = 0;
        while (i < text.Length)
        {
            var c = rune.Value;
            var first = i == 0;
            var next = i + length;
            var last = next >= text.Length;
            var nextRune = default(Rune);
            var nextLength = 0;
            if (!last)
            {
                Rune.DecodeFromUtf16(text[next..], out nextRune, out nextLength);
            }

            i = next;
            rune = nextRune;
            length = nextLength;

            var followedByWhitespace = last || IsBlankz(nextRune.Value);
            if (first)
            {
                switch (c)
                {
                    case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                        flowIndicators = true;
                        blockIndicators = true;
                        break;
                    case '?' or ':':
                        flowIndicators = true;
                        if (followedByWhitespace)
                        {
                            blockIndicators = true;
                        }

                        break;
                    case '-':
                        if (followedByWhitespace)
                        {
                            flowIndicators = true;
                            blockIndicators = true;
                        }

                        break;
                }
            }
            else
            {
                switch (c)
                {
                    case ',' or '?' or '[' or ']' or '{' or '}':
                        flowIndicators = true;
                        break;
                    case ':':
                        flowIndicators = true;
                        if (followedByWhitespace)
                        {
                            blockIndicators = true;
                        }

                        break;
                    case '#':
                        if (precededByWhitespace)
                        {
                            flowIndicators = true;
                            blockIndicators = true;
                        }

                        break;
                }
            }

            if (c == '\t')
            {
                tabs = true;
            }
            else if (!IsPrintable(c))
            {
                special = true;
            }

            if (IsBreak(c))
            {
                lineBreaks = true;
            }

            if (c == ' ')
            {
                if (first)
                {
                    leadingSpace = true;
                }

                if (last)
                {
                    trailingSpace = true;
                }

                if (previousBreak)
                {
                    breakSpace = true;
                }

                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(c))
            {
                if (first)
                {
                    leadingBreak = true;
                }

                if (last)
                {
                    trailingBreak = true;
                }

                if (previousSpace)
                {
                    spaceBreak = true;
                }

                previousBreak = true;
                previousSpace = false;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }

            precededByWhitespace = IsBlankz(c);
        }

        bool flowPlain = true, blockPlain = true, single = true, block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            flowPlain = false;
            blockPlain = false;
        }

        if (trailingSpace)
        {
            block = false;
        }

        if (breakSpace)
        {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }

        if (spaceBreak || tabs || special)
        {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }

        if (spaceBreak || special)
        {
            block = false;
        }

        if (lineBreaks)
        {
            flowPlain = false;
            blockPlain = false;
        }

        if (flowIndicators)
        {
            flowPlain = false;
        }

        if (blockIndicators)
        {
            blockPlain = false;
        }

        return new Allowed(flowPlain, blockPlain, single, block, lineBreaks);
    }

    /// <summary>
    /// Text that the full analysis allows in every style without looking further: it starts with an ASCII letter or digit
    /// and holds only those and <c>-._/</c> (no indicator, blank, break or special character).
    /// </summary>
    private static bool IsSimple(string value)
    {
        if (!char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsBreak(int c) => c is '\n' or '\r' or 0x85 or 0x2028 or 0x2029;

    public static bool IsBlankz(int c) => c is ' ' or '\t' or 0 || IsBreak(c);

    /// <summary>go-yaml's printable set as kyaml's writer applies it; characters above the BMP count as non-printable.</summary>
    public static bool IsPrintable(int c) =>
        c == 0x0A || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);

    /// <summary>Whether go-yaml v3's resolver reads <paramref name="plain"/> as something other than a string.</summary>
    public static bool ResolvesToNonString(string plain)
    {
        switch (plain)
        {
            case "" or "~" or "null" or "Null" or "NULL":
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
            case ".nan" or ".NaN" or ".NAN":
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF":
            case "<<":
                return true;
        }

        var c = plain[0];
        if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.'))
        {
            return false;
        }

        var plainNoUnderscore = plain.Replace("_", "", StringComparison.Ordinal);
        if (IntRegex().IsMatch(plainNoUnderscore) || FloatRegex().IsMatch(plain))
        {
            return true;
        }

        return IsTimestamp(plain);
    }

    /// <summary>YAML 1.1 spellings that a YAML 1.1 reader takes for booleans (kyaml's field setter quotes them).</summary>
    public static bool IsYaml11Bool(string text) => text is "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO"
        or "on" or "On" or "ON" or "off" or "Off" or "OFF";

    /// <summary>Sexagesimal-looking text (<c>1:20</c>) that YAML 1.1 reads as a number.</summary>
    public static bool IsSexagesimal(string text) => SexagesimalRegex().IsMatch(text);

    private static bool IsTimestamp(string text)
    {
        if (text.Length < 5 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3]) || text[4] != '-')
        {
            return false;
        }

        return TimestampRegex().IsMatch(text);
    }

    [GeneratedRegex(@"^[-+]?(0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatRegex();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?(([ \t]*)(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampRegex();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SexagesimalRegex();

    internal static string Hex(int value, int digits) => value.ToString("X" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
