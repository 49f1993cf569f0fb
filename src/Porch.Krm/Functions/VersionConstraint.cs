using System.Text.RegularExpressions;

namespace Porch.Krm.Functions;

/// <summary>
/// A version constraint as Masterminds/semver v3 (<c>semver.NewConstraint</c>, which kpt uses for a pipeline step's
/// <c>tag</c>) reads and checks it: alternatives joined by <c>||</c>, each a list of comparisons joined by spaces or
/// commas; operators <c>= != &gt; &lt; &gt;= =&gt; &lt;= =&lt; ~ ~&gt; ^</c>; <c>x</c>, <c>X</c> and <c>*</c> wildcards and
/// partial versions; hyphen ranges <c>a - b</c> (<c>&gt;= a, &lt;= b</c>). A prerelease version satisfies a comparison only
/// when that comparison names a prerelease.
/// </summary>
internal sealed partial class VersionConstraint
{
    private const string Version = @"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
    private const string Ops = @"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";
    private const string Space = @"[\t\n\f\r ]";

    private readonly Comparison[][] _alternatives;

    private VersionConstraint(Comparison[][] alternatives) => _alternatives = alternatives;

    /// <summary>Parses a constraint; null when the text is not one (semver's "improper constraint").</summary>
    public static VersionConstraint? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = RangePattern().Replace(text, m => ">= " + m.Groups[1].Value + ", <= " + m.Groups[11].Value);
        var alternatives = new List<Comparison[]>();
        foreach (var part in text.Split("||"))
        {
            if (!ValidPattern().IsMatch(part))
            {
                return null;
            }

            var found = FindPattern().Matches(part).Select(m => m.Value).ToList();
            if (found.Count == 0)
            {
                found.Add(part);
            }

            var comparisons = new List<Comparison>();
            foreach (var one in found)
            {
                if (Comparison.TryParse(one) is not { } comparison)
                {
                    return null;
                }

                comparisons.Add(comparison);
            }

            alternatives.Add([.. comparisons]);
        }

        return new VersionConstraint([.. alternatives]);
    }

    /// <summary>
    /// The constraint a step's tag stands for, as kpt decides (tag_resolution.go): null for an exact version or for
    /// text that is no constraint, both of which are used as the tag as written.
    /// </summary>
    public static VersionConstraint? TryParseTag(string tag) => SemanticVersion.TryParse(tag) is null ? TryParse(tag) : null;

    /// <summary>Whether the version satisfies every comparison of at least one alternative.</summary>
    public bool IsSatisfiedBy(SemanticVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _alternatives.Any(all => all.All(c => c.Check(version)));
    }

    private static bool IsWildcard(string part) => part is "x" or "X" or "*";

    [GeneratedRegex(Space + "*(" + Version + ")" + Space + "+-" + Space + "+(" + Version + ")" + Space + "*", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    [GeneratedRegex("^(" + Space + "*(" + Ops + ")" + Space + "*(" + Version + ")" + Space + "*)((?:" + Space + "+|," + Space + "*)(" + Ops + ")" + Space + "*(" + Version + ")" + Space + @"*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValidPattern();

    [GeneratedRegex("(" + Ops + ")" + Space + "*(" + Version + ")", RegexOptions.CultureInvariant)]
    private static partial Regex FindPattern();

    [GeneratedRegex("^" + Space + "*(" + Ops + ")" + Space + "*(" + Version + ")" + Space + @"*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonPattern();

    /// <summary>One comparison: an operator and a version whose missing or wildcard parts make it "dirty".</summary>
    private sealed class Comparison
    {
        private readonly string _op;
        private readonly SemanticVersion _version;
        private readonly bool _dirty;
        private readonly bool _minorDirty;
        private readonly bool _patchDirty;

        private Comparison(string op, SemanticVersion version, bool dirty, bool minorDirty, bool patchDirty)
        {
            _op = op;
            _version = version;
            _dirty = dirty;
            _minorDirty = minorDirty;
            _patchDirty = patchDirty;
        }

        public static Comparison? TryParse(string text)
        {
            if (text.Length == 0)
            {
                // An empty constraint is "*": any release.
                return new Comparison("", SemanticVersion.TryParse("0.0.0")!, dirty: true, minorDirty: false, patchDirty: false);
            }

            var m = ComparisonPattern().Match(text);
            if (!m.Success)
            {
                return null;
            }

            string major = m.Groups[3].Value, minor = m.Groups[4].Value, patch = m.Groups[5].Value, pre = m.Groups[6].Value;
            var version = m.Groups[2].Value;
            bool dirty = false, minorDirty = false, patchDirty = false;
            if (IsWildcard(major) || major.Length == 0)
            {
                version = "0.0.0" + pre;
                dirty = true;
            }
            else if (minor.Length == 0 || IsWildcard(minor.TrimStart('.')))
            {
                version = major + ".0.0" + pre;
                dirty = minorDirty = true;
            }
            else if (patch.Length == 0 || IsWildcard(patch.TrimStart('.')))
            {
                version = major + minor + ".0" + pre;
                dirty = patchDirty = true;
            }

            return SemanticVersion.TryParse(version) is { } parsed ? new Comparison(m.Groups[1].Value, parsed, dirty, minorDirty, patchDirty) : null;
        }

        public bool Check(SemanticVersion v)
        {
            // A prerelease is considered only by a comparison that names a prerelease (semver's issue 21).
            if (v.Prerelease.Length > 0 && _version.Prerelease.Length == 0)
            {
                return false;
            }

            return _op switch
            {
                "" or "=" => _dirty ? Tilde(v) : v.CompareTo(_version) == 0,
                "!=" => NotEqual(v),
                ">" => GreaterThan(v),
                "<" => v.CompareTo(_version) < 0,
                ">=" or "=>" => v.CompareTo(_version) >= 0,
                "<=" or "=<" => LessThanOrEqual(v),
                "~" or "~>" => Tilde(v),
                "^" => Caret(v),
                _ => false,
            };
        }

        private bool NotEqual(SemanticVersion v)
        {
            if (_dirty)
            {
                if (_version.Major != v.Major)
                {
                    return true;
                }

                if (_minorDirty)
                {
                    return false;
                }

                if (_version.Minor != v.Minor)
                {
                    return true;
                }

                if (!_patchDirty && _version.Patch != v.Patch)
                {
                    return true;
                }

                if (_patchDirty)
                {
                    return false;
                }
            }

            return v.CompareTo(_version) != 0;
        }

        private bool GreaterThan(SemanticVersion v)
        {
            if (!_dirty)
            {
                return v.CompareTo(_version) > 0;
            }

            if (v.Major != _version.Major)
            {
                return v.Major > _version.Major;
            }

            if (_minorDirty)
            {
                return false;
            }

            return _patchDirty ? v.Minor > _version.Minor : v.CompareTo(_version) > 0;
        }

        private bool LessThanOrEqual(SemanticVersion v)
        {
            if (!_dirty)
            {
                return v.CompareTo(_version) <= 0;
            }

            if (v.Major > _version.Major)
            {
                return false;
            }

            return !(v.Major == _version.Major && v.Minor > _version.Minor && !_minorDirty);
        }

        private bool Tilde(SemanticVersion v)
        {
            if (v.CompareTo(_version) < 0)
            {
                return false;
            }

            if (_version.Major == 0 && _version.Minor == 0 && _version.Patch == 0 && !_minorDirty && !_patchDirty)
            {
                return true;
            }

            return v.Major == _version.Major && (v.Minor == _version.Minor || _minorDirty);
        }

        private bool Caret(SemanticVersion v)
        {
            if (v.CompareTo(_version) < 0)
            {
                return false;
            }

            if (_version.Major > 0 || _minorDirty)
            {
                return v.Major == _version.Major;
            }

            if (v.Major > 0)
            {
                return false;
            }

            if (_version.Minor > 0 || _patchDirty)
            {
                return v.Minor == _version.Minor;
            }

            return v.Minor <= 0 && v.Patch == _version.Patch;
        }
    }
}
