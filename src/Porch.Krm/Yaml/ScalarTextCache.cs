namespace Porch.Krm.Yaml;

/// <summary>
/// Short scalar texts read before on this thread (keys such as <c>apiVersion</c> or <c>name</c>, repeated values): a
/// package's files repeat them, and one string each is enough, as strings never change.
/// </summary>
internal static class ScalarTextCache
{
    /// <summary>Longer texts are rarely repeated and are not kept.</summary>
    private const int MaxLength = 64;

    /// <summary>When this many texts are kept, the cache starts over (a bound on what a thread keeps alive).</summary>
    private const int MaxEntries = 4096;

    [ThreadStatic]
    private static HashSet<string>? s_texts;

    /// <summary>The text of <paramref name="span"/>, from the cache when it was seen before.</summary>
    public static string Get(ReadOnlySpan<char> span)
    {
        if (span.Length == 0)
        {
            return "";
        }

        if (span.Length > MaxLength)
        {
            return span.ToString();
        }

        var texts = s_texts ??= new HashSet<string>(StringComparer.Ordinal);
        var lookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(span, out var known))
        {
            return known;
        }

        if (texts.Count >= MaxEntries)
        {
            texts.Clear();
        }

        var text = span.ToString();
        texts.Add(text);
        return text;
    }
}
