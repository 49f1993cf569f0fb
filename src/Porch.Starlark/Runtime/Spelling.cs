namespace Porch.Starlark.Runtime;

/// <summary>Suggests the nearest known name for a misspelt one ("did you mean ...?").</summary>
internal static class Spelling
{
    /// <summary>
    /// go.starlark.net's <c>internal/spell.Nearest</c>: underscores and case are ignored, and a candidate is suggested
    /// when fewer than half of the name's characters (rounded up) must change.
    /// </summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        var x = Fold(name);
        string? best = null;
        var bestDistance = (x.Length + 1) / 2;
        foreach (var c in candidates)
        {
            var d = Distance(x, Fold(c));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }

        return best;
    }

    private static string Fold(string s) => s.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
