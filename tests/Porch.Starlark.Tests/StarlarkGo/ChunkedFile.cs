using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Porch.Starlark.Tests.StarlarkGo;

/// <summary>One chunk of a chunked test file: its source (padded so line numbers match the file) and its expected errors.</summary>
internal sealed record Chunk(string File, int Line, string Source, IReadOnlyDictionary<int, Regex> WantErrors, IReadOnlyList<string> Problems);

/// <summary>
/// go.starlark.net's <c>internal/chunkedfile</c>: a file is split at lines that are exactly <c>---</c>; each chunk is
/// padded with newlines so its line numbers match the file; a comment <c>### "regexp"</c> (a Go string literal) on a
/// line means the chunk must fail on that line with an error matching the regexp.
/// </summary>
internal static class ChunkedFile
{
    public static IReadOnlyList<Chunk> Read(string path)
    {
        var data = File.ReadAllText(path);
        var file = Path.GetFileName(path);
        var chunks = new List<Chunk>();
        var linenum = 1;
        foreach (var text in data.Split("\n---\n"))
        {
            var start = linenum;
            var source = new string('\n', linenum - 1) + text;
            var want = new Dictionary<int, Regex>();
            var problems = new List<string>();
            foreach (var line in text.Split('\n'))
            {
                var hashes = line.IndexOf("###", StringComparison.Ordinal);
                if (hashes >= 0)
                {
                    var rest = line[(hashes + 3)..].Trim();
                    var pattern = GoUnquote(rest);
                    if (pattern is null)
                    {
                        problems.Add($"{file}:{linenum}: not a quoted regexp: {rest}");
                    }
                    else
                    {
                        want[linenum] = new Regex(pattern, RegexOptions.CultureInvariant);
                    }
                }

                linenum++;
            }

            linenum++; // the "---" line
            chunks.Add(new Chunk(file, start, source, want, problems));
        }

        return chunks;
    }

    /// <summary>Go's <c>strconv.Unquote</c> for double-quoted and back-quoted literals; null when malformed.</summary>
    public static string? GoUnquote(string s)
    {
        if (s.Length >= 2 && s[0] == '`' && s[^1] == '`')
        {
            var raw = s[1..^1];
            return raw.Contains('`', StringComparison.Ordinal) ? null : raw.Replace("\r", "", StringComparison.Ordinal);
        }

        if (s.Length < 2 || s[0] != '"' || s[^1] != '"')
        {
            return null;
        }

        var body = s[1..^1];
        var bytes = new List<byte>();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '"' || c == '\n')
            {
                return null;
            }

            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            if (++i >= body.Length)
            {
                return null;
            }

            switch (body[i])
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'x':
                    if (i + 2 >= body.Length)
                    {
                        return null;
                    }

                    bytes.Add(byte.Parse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u':
                case 'U':
                    var n = body[i] == 'u' ? 4 : 8;
                    if (i + n >= body.Length)
                    {
                        return null;
                    }

                    var cp = int.Parse(body.AsSpan(i + 1, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(cp)));
                    i += n;
                    break;
                case >= '0' and <= '7' when i + 2 < body.Length:
                    bytes.Add((byte)Convert.ToInt32(body.Substring(i, 3), 8));
                    i += 2;
                    break;
                default:
                    return null;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
