using System.Globalization;
using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>An author or committer line: name, e-mail and time with its UTC offset.</summary>
internal readonly record struct GitSignature(string Name, string Email, DateTimeOffset When)
{
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
        var rest = text[(gt + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var when = DateTimeOffset.UnixEpoch;
        if (rest.Length >= 1 && long.TryParse(rest[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            var offset = TimeSpan.Zero;
            if (rest.Length >= 2 && rest[1].Length == 5 &&
                int.TryParse(rest[1].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) &&
                int.TryParse(rest[1].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                offset = new TimeSpan(hours, minutes, 0);
                if (rest[1][0] == '-')
                {
                    offset = -offset;
                }
            }

            when = DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(offset);
        }

        return new GitSignature(name, email, when);
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
