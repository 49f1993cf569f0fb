namespace Porch.Krm;

/// <summary>kyaml's textual detection of compact or wide sequence indentation in one document chunk.</summary>
internal static class SequenceIndentDetector
{
    public static SequenceIndentStyle Detect(ReadOnlySpan<char> chunk)
    {
        var lines = new List<Range>();
        var start = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            if (chunk[i] == '\n')
            {
                lines.Add(new Range(start, i));
                start = i + 1;
            }
        }

        if (start < chunk.Length)
        {
            lines.Add(new Range(start, chunk.Length));
        }

        for (var li = 0; li < lines.Count; li++)
        {
            var line = chunk[lines[li]];
            var dash = line.IndexOf("- ", StringComparison.Ordinal);
            if (dash < 0 || !line[..dash].TrimStart(' ').IsEmpty)
            {
                continue;
            }

            var keyLine = FindKeyLine(chunk, lines, li);
            if (keyLine is null)
            {
                continue;
            }

            var key = keyLine.Value.Span(chunk);
            var hash = key.IndexOf('#');
            if (hash >= 0)
            {
                key = key[..hash];
            }

            if (key.IsEmpty)
            {
                continue;
            }

            var k = key.Length - key.TrimStart(' ').Length;
            var t = key.Trim(' ');
            if (t.Count(':') != 1 || !t.EndsWith(":", StringComparison.Ordinal))
            {
                continue;
            }

            if (dash == k)
            {
                return SequenceIndentStyle.Compact;
            }

            if (dash - k == 2)
            {
                return SequenceIndentStyle.Wide;
            }
        }

        return SequenceIndentStyle.Compact;
    }

    private static LineRef? FindKeyLine(ReadOnlySpan<char> chunk, List<Range> lines, int li)
    {
        for (var j = li - 1; j >= 0; j--)
        {
            var text = chunk[lines[j]];
            if (text.Trim(' ').StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            return new LineRef(lines[j]);
        }

        return null;
    }

    private readonly record struct LineRef(Range Range)
    {
        public ReadOnlySpan<char> Span(ReadOnlySpan<char> chunk) => chunk[Range];
    }
}
