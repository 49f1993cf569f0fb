namespace Porch.Functions.Builtin.Internal;

/// <summary>A Kubernetes label selector in its string form: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, comma-separated.</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => _requirements = requirements;

    public static LabelSelector Parse(string text)
    {
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            var p = part.Trim();
            if (p.Length == 0)
            {
                continue;
            }

            int at;
            if ((at = p.IndexOf(" notin ", StringComparison.Ordinal)) > 0)
            {
                var key = p[..at].Trim();
                var values = Set(p[(at + 7)..]);
                requirements.Add(m => !m.TryGetValue(key, out var v) || !values.Contains(v));
            }
            else if ((at = p.IndexOf(" in ", StringComparison.Ordinal)) > 0)
            {
                var key = p[..at].Trim();
                var values = Set(p[(at + 4)..]);
                requirements.Add(m => m.TryGetValue(key, out var v) && values.Contains(v));
            }
            else if ((at = p.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                var key = p[..at].Trim();
                var value = p[(at + 2)..].Trim();
                requirements.Add(m => !m.TryGetValue(key, out var v) || v != value);
            }
            else if ((at = p.IndexOf('=', StringComparison.Ordinal)) > 0)
            {
                var key = p[..at].Trim();
                var value = p[(at + 1)..].TrimStart('=').Trim();
                requirements.Add(m => m.TryGetValue(key, out var v) && v == value);
            }
            else if (p.StartsWith('!'))
            {
                var key = p[1..].Trim();
                requirements.Add(m => !m.ContainsKey(key));
            }
            else
            {
                requirements.Add(m => m.ContainsKey(p));
            }
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    private static HashSet<string> Set(string text)
    {
        var inner = text.Trim().TrimStart('(').TrimEnd(')');
        return inner.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
