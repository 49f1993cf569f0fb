using System.Diagnostics.CodeAnalysis;

namespace Porch.Krm;

/// <summary>
/// A Kubernetes label selector in its string form: comma-separated requirements <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> and <c>!k</c>; all must hold.
/// </summary>
public sealed class LabelSelector
{
    private readonly Requirement[] _requirements;

    private LabelSelector(string text, Requirement[] requirements)
    {
        Text = text;
        _requirements = requirements;
    }

    /// <summary>Gets the selector text as given.</summary>
    public string Text { get; }

    /// <summary>Gets a value indicating whether the selector has no requirement (it matches everything).</summary>
    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>Parses a selector.</summary>
    /// <param name="text">The selector text; empty selects everything.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="FormatException">The text is not a valid selector; the message says why, in Kubernetes' words.</exception>
    public static LabelSelector Parse(string text)
    {
        if (!TryParse(text, out var selector, out var error))
        {
            throw new FormatException(error);
        }

        return selector;
    }

    /// <summary>Parses a selector without throwing.</summary>
    /// <param name="text">The selector text.</param>
    /// <param name="selector">The selector, when the text is valid.</param>
    /// <param name="error">The reason, when it is not.</param>
    /// <returns>True when the text is valid.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out LabelSelector? selector, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        selector = null;
        var requirements = new List<Requirement>();
        var parser = new Parser(text);
        while (true)
        {
            parser.SkipSpaces();
            if (parser.AtEnd)
            {
                break;
            }

            if (!parser.TryRequirement(out var requirement, out error))
            {
                return false;
            }

            requirements.Add(requirement);
            parser.SkipSpaces();
            if (parser.AtEnd)
            {
                break;
            }

            if (!parser.Take(','))
            {
                error = $"unable to parse requirement: found '{parser.Rest}', expected: ','";
                return false;
            }

            parser.SkipSpaces();
            if (parser.AtEnd)
            {
                error = "unable to parse requirement: found '', expected: identifier";
                return false;
            }
        }

        selector = new LabelSelector(text, [.. requirements]);
        error = null;
        return true;
    }

    /// <summary>Tests a label set.</summary>
    /// <param name="labels">The labels of an object.</param>
    /// <returns>True when every requirement holds.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var r in _requirements)
        {
            var present = labels.TryGetValue(r.Key, out var value);
            var ok = r.Operator switch
            {
                Op.Exists => present,
                Op.DoesNotExist => !present,
                Op.In => present && r.Values.Contains(value!),
                Op.NotIn => !present || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private enum Op
    {
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private readonly record struct Requirement(string Key, Op Operator, string[] Values);

    private sealed class Parser(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public string Rest => text[_pos..];

        public void SkipSpaces()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        public bool Take(char c)
        {
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        public bool TryRequirement(out Requirement requirement, [NotNullWhen(false)] out string? error)
        {
            requirement = default;
            var negated = Take('!');
            SkipSpaces();
            var key = Identifier();
            if (key.Length == 0)
            {
                error = $"unable to parse requirement: found '{Rest}', expected: identifier";
                return false;
            }

            if (!ValidKey(key, out error))
            {
                return false;
            }

            SkipSpaces();
            if (negated)
            {
                requirement = new Requirement(key, Op.DoesNotExist, []);
                return true;
            }

            if (AtEnd || text[_pos] == ',')
            {
                requirement = new Requirement(key, Op.Exists, []);
                return true;
            }

            if (Take('!'))
            {
                if (!Take('='))
                {
                    error = $"unable to parse requirement: found '!{Rest}', expected: '!='";
                    return false;
                }

                return Single(key, Op.NotIn, out requirement, out error);
            }

            if (Take('='))
            {
                Take('=');
                return Single(key, Op.In, out requirement, out error);
            }

            var word = Identifier();
            if (word is "in" or "notin")
            {
                SkipSpaces();
                if (!Take('('))
                {
                    error = $"unable to parse requirement: found '{Rest}', expected: '('";
                    return false;
                }

                var values = new List<string>();
                while (true)
                {
                    SkipSpaces();
                    var v = Identifier();
                    if (!ValidValue(v, out error))
                    {
                        return false;
                    }

                    values.Add(v);
                    SkipSpaces();
                    if (Take(')'))
                    {
                        break;
                    }

                    if (!Take(','))
                    {
                        error = $"unable to parse requirement: found '{Rest}', expected: ',', ')'";
                        return false;
                    }
                }

                requirement = new Requirement(key, word == "in" ? Op.In : Op.NotIn, [.. values]);
                return true;
            }

            error = $"unable to parse requirement: found '{word}{Rest}', expected: in, notin, =, ==, !=, gt, lt";
            return false;
        }

        private bool Single(string key, Op op, out Requirement requirement, [NotNullWhen(false)] out string? error)
        {
            SkipSpaces();
            var value = Identifier();
            requirement = default;
            if (!ValidValue(value, out error))
            {
                return false;
            }

            requirement = new Requirement(key, op, [value]);
            return true;
        }

        private string Identifier()
        {
            var start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not (',' or '=' or '!' or '(' or ')'))
            {
                _pos++;
            }

            return text[start.._pos];
        }

        private static bool ValidKey(string key, [NotNullWhen(false)] out string? error)
        {
            var slash = key.LastIndexOf('/');
            var name = slash >= 0 ? key[(slash + 1)..] : key;
            var prefix = slash >= 0 ? key[..slash] : null;
            if (!IsQualifiedNamePart(name) || (prefix is not null && !KubernetesNames.IsDns1123Subdomain(prefix)))
            {
                error = $"unable to parse requirement: invalid label key \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
                return false;
            }

            error = null;
            return true;
        }

        private static bool ValidValue(string value, [NotNullWhen(false)] out string? error)
        {
            if (value.Length == 0 || IsQualifiedNamePart(value))
            {
                error = null;
                return true;
            }

            error = $"unable to parse requirement: invalid label value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
            return false;
        }

        private static bool IsQualifiedNamePart(string s)
        {
            if (s.Length is 0 or > 63 || !char.IsAsciiLetterOrDigit(s[0]) || !char.IsAsciiLetterOrDigit(s[^1]))
            {
                return false;
            }

            foreach (var c in s)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
