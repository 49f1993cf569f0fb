namespace Porch.Krm;

/// <summary>kyaml's textual detection of compact or wide sequence indentation in one document chunk.</summary>
internal static class SequenceIndentDetector
{
    public static SequenceIndentStyle Detect(ReadOnlySpan<char> chunk)
    {
        // One pass over the lines; for a "- " line the key line is the closest line above it that is not a comment.
        var keyStart = -1;
        var keyEnd = -1;
        var start = 0;
        while (start < chunk.Length)
        {
            var nl = chunk[start..].IndexOf('\n');
            var end = nl < 0 ? chunk.Length : start + nl;
            var line = chunk[start..end];
            var dash = line.IndexOf("- ", StringComparison.Ordinal);
            if (dash >= 0 && line[..dash].TrimStart(' ').IsEmpty && keyStart >= 0)
            {
                var style = StyleOf(chunk[keyStart..keyEnd], dash);
                if (style is not null)
                {
                    return style.Value;
                }
            }

            if (!line.Trim(' ').StartsWith("#", StringComparison.Ordinal))
            {
                keyStart = start;
                keyEnd = end;
            }

            start = end + 1;
        }

        return SequenceIndentStyle.Compact;
    }

    /// <summary>The style a "- " at <paramref name="dash"/> shows under <paramref name="key"/>, or null when it shows none.</summary>
    private static SequenceIndentStyle? StyleOf(ReadOnlySpan<char> key, int dash)
    {
        var hash = key.IndexOf('#');
        if (hash >= 0)
        {
            key = key[..hash];
        }

        if (key.IsEmpty)
        {
            return null;
        }

        var k = key.Length - key.TrimStart(' ').Length;
        var t = key.Trim(' ');
        if (t.Count(':') != 1 || !t.EndsWith(":", StringComparison.Ordinal))
        {
            return null;
        }

        if (dash == k)
        {
            return SequenceIndentStyle.Compact;
        }

        return dash - k == 2 ? SequenceIndentStyle.Wide : null;
    }
}
