using System.Globalization;
using System.Text.RegularExpressions;

namespace Porch.Krm.Functions;

/// <summary>
/// A version as Masterminds/semver v3's loose parser (<c>semver.NewVersion</c>, which kpt uses for image tags) reads
/// it: an optional <c>v</c>, one to three numeric parts (missing ones are 0), an optional prerelease and build
/// metadata. The original text is kept, because kpt puts the tag back as it was written.
/// </summary>
internal sealed partial class SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(long major, long minor, long patch, string prerelease, string metadata, string original)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
        Original = original;
    }

    public long Major { get; }

    public long Minor { get; }

    public long Patch { get; }

    public string Prerelease { get; }

    public string Metadata { get; }

    public string Original { get; }

    /// <summary>Parses a version the way <c>semver.NewVersion</c> does; null when it is not one.</summary>
    public static SemanticVersion? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = VersionPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var pre = m.Groups[5].Value;
        if (pre.Length > 0 && !ValidPrerelease(pre))
        {
            return null;
        }

        if (!TryPart(m.Groups[1].Value, out var major)
            || !TryPart(m.Groups[2].Value.TrimStart('.'), out var minor)
            || !TryPart(m.Groups[3].Value.TrimStart('.'), out var patch))
        {
            return null;
        }

        return new SemanticVersion(major, minor, patch, pre, m.Groups[8].Value, text);
    }

    /// <summary>The canonical text (no <c>v</c>, three parts), as the Go type's <c>String()</c>.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
        if (Prerelease.Length > 0)
        {
            text += "-" + Prerelease;
        }

        return Metadata.Length > 0 ? text + "+" + Metadata : text;
    }

    /// <summary>Orders by major, minor, patch, then prerelease (a release is above its prereleases); metadata is ignored.</summary>
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var d = Major.CompareTo(other.Major);
        if (d == 0)
        {
            d = Minor.CompareTo(other.Minor);
        }

        if (d == 0)
        {
            d = Patch.CompareTo(other.Patch);
        }

        if (d != 0)
        {
            return Math.Sign(d);
        }

        if (Prerelease.Length == 0 && other.Prerelease.Length == 0)
        {
            return 0;
        }

        if (Prerelease.Length == 0)
        {
            return 1;
        }

        return other.Prerelease.Length == 0 ? -1 : ComparePrerelease(Prerelease, other.Prerelease);
    }

    private static bool TryPart(string digits, out long value)
    {
        value = 0;
        return digits.Length == 0 || long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // SemVer 2.0.0: a numeric prerelease identifier has no leading zero (semver's validatePrerelease).
    private static bool ValidPrerelease(string pre)
    {
        foreach (var id in pre.Split('.'))
        {
            if (id.Length > 1 && id[0] == '0' && id.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    private static int ComparePrerelease(string a, string b)
    {
        var ap = a.Split('.');
        var bp = b.Split('.');
        for (var i = 0; i < Math.Max(ap.Length, bp.Length); i++)
        {
            var d = ComparePart(i < ap.Length ? ap[i] : "", i < bp.Length ? bp[i] : "");
            if (d != 0)
            {
                return d;
            }
        }

        return 0;
    }

    // semver's comparePrePart: numbers compare as numbers and sort below words; a missing part sorts below any part.
    private static int ComparePart(string s, string o)
    {
        if (s == o)
        {
            return 0;
        }

        var sNumeric = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var si);
        var oNumeric = ulong.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var oi);
        // semver's own rule for a missing part, kept as it is: a numeric part is above it, a word below.
        if (o.Length == 0)
        {
            return sNumeric ? 1 : -1;
        }

        if (s.Length == 0)
        {
            return oNumeric ? -1 : 1;
        }

        if (!sNumeric && !oNumeric)
        {
            return string.CompareOrdinal(s, o) > 0 ? 1 : -1;
        }

        if (!oNumeric)
        {
            return -1;
        }

        if (!sNumeric)
        {
            return 1;
        }

        return si > oi ? 1 : -1;
    }

    [GeneratedRegex(@"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
