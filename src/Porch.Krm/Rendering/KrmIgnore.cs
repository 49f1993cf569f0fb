using System.Text;
using System.Text.RegularExpressions;

namespace Porch.Krm.Rendering;

/// <summary>
/// The patterns of a package's <c>.krmignore</c> file, gitignore style: <c>#</c> comments, <c>!</c> negation, a trailing
/// <c>/</c> for directories only, a <c>/</c> inside the pattern anchoring it to the package root, <c>*</c>, <c>?</c>,
/// <c>[...]</c> and <c>**</c>. An ignored directory hides everything below it.
/// </summary>
internal sealed class KrmIgnore
{
    /// <summary>The file name.</summary>
    public const string FileName = ".krmignore";

    private readonly List<Rule> _rules;

    private KrmIgnore(List<Rule> rules) => _rules = rules;

    /// <summary>A matcher that ignores nothing.</summary>
    public static KrmIgnore Empty { get; } = new([]);

    /// <summary>Parses the text of a <c>.krmignore</c> file.</summary>
    public static KrmIgnore Parse(string text)
    {
        var rules = new List<Rule>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd(' ', '\t');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var negate = line.StartsWith('!');
            if (negate)
            {
                line = line[1..];
            }

            var dirOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            var anchored = line.Contains('/', StringComparison.Ordinal);
            line = line.TrimStart('/');
            if (line.Length == 0)
            {
                continue;
            }

            rules.Add(new Rule(new Regex("^" + GlobToRegex(line) + "$", RegexOptions.CultureInvariant), negate, dirOnly, anchored));
        }

        return new KrmIgnore(rules);
    }

    /// <summary>Whether a file (path relative to the package, <c>/</c>-separated) is ignored.</summary>
    public bool IsIgnored(string relativePath)
    {
        if (_rules.Count == 0)
        {
            return false;
        }

        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var isDir = i < segments.Length - 1;
            var path = string.Join('/', segments, 0, i + 1);
            if (Matches(path, segments[i], isDir))
            {
                return true;
            }
        }

        return false;
    }

    private bool Matches(string path, string name, bool isDir)
    {
        var ignored = false;
        foreach (var rule in _rules)
        {
            if (rule.DirOnly && !isDir)
            {
                continue;
            }

            if (rule.Pattern.IsMatch(rule.Anchored ? path : name))
            {
                ignored = !rule.Negate;
            }
        }

        return ignored;
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                    i += slashAfter ? 2 : 1;
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var set = glob[(i + 1)..end];
                    sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[i + 1].ToString()));
                    i++;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }

    private sealed record Rule(Regex Pattern, bool Negate, bool DirOnly, bool Anchored);
}
