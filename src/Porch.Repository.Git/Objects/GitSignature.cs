using System.Globalization;
using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>An author or committer line: name, e-mail and time with its UTC offset.</summary>
internal readonly record struct GitSignature(string Name, string Email, DateTimeOffset When)
{
    // The white space string.Trim removes among ASCII characters.
    private static ReadOnlySpan<byte> AsciiWhiteSpace => " \t\n\v\f\r"u8;

    /// <summary>Parses an author or committer value from the commit's UTF-8 bytes, as <see cref="Parse(string)"/> parses its text.</summary>
    public static GitSignature Parse(ReadOnlySpan<byte> text)
    {
        // '<' and '>' never occur inside a multi-byte sequence, so the bytes split where the text would.
        var lt = text.IndexOf((byte)'<');
        var gt = text.LastIndexOf((byte)'>');
        if (lt < 0 || gt < lt || !Ascii.IsValid(text[(gt + 1)..]))
        {
            return Parse(Encoding.UTF8.GetString(text));
        }

        // ASCII white space off the ends first (no string for it), then whatever else Trim takes.
        var name = Encoding.UTF8.GetString(text[..lt].Trim(AsciiWhiteSpace)).Trim();
        var email = Encoding.UTF8.GetString(text[(lt + 1)..gt]);
        var rest = text[(gt + 1)..].Trim(AsciiWhiteSpace);
        Span<char> chars = rest.Length <= 64 ? stackalloc char[rest.Length] : new char[rest.Length];
        Ascii.ToUtf16(rest, chars, out _);
        return new GitSignature(name, email, ParseWhen(chars));
    }

    public static GitSignature Parse(string text)
    {
        // "Name <email> 1650000000 +0200"
        var lt = text.IndexOf('<', StringComparison.Ordinal);
        var gt = text.LastIndexOf('>');
        if (lt < 0 || gt < lt)
        {
            return new GitSignature(text.Trim(), "", DateTimeOffset.UnixEpoch);
        }

        var name = text[..lt].Trim();
        var email = text[(lt + 1)..gt];
        return new GitSignature(name, email, ParseWhen(text.AsSpan(gt + 1).Trim()));
    }

    /// <summary>The time of "&lt;seconds&gt; &lt;zone&gt;" (separated by one or more spaces; the epoch when the seconds do not parse, UTC when the zone does not).</summary>
    private static DateTimeOffset ParseWhen(ReadOnlySpan<char> rest)
    {
        var space = rest.IndexOf(' ');
        var secondsText = space < 0 ? rest : rest[..space];
        var zone = space < 0 ? [] : rest[(space + 1)..].TrimStart(' ');
        var zoneEnd = zone.IndexOf(' ');
        if (zoneEnd >= 0)
        {
            zone = zone[..zoneEnd];
        }

        if (secondsText.Length == 0 || !long.TryParse(secondsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.UnixEpoch;
        }

        var offset = TimeSpan.Zero;
        if (zone.Length == 5 &&
            int.TryParse(zone.Slice(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) &&
            int.TryParse(zone.Slice(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            offset = new TimeSpan(hours, minutes, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(offset);
    }

    public string Format()
    {
        var offset = When.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        var sb = new StringBuilder();
        sb.Append(Name).Append(" <").Append(Email).Append("> ")
          .Append(When.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(' ')
          .Append(sign).Append(abs.Hours.ToString("00", CultureInfo.InvariantCulture)).Append(abs.Minutes.ToString("00", CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
