using System.Buffers;
using System.Text;

namespace Porch.Repository.Git.Refs;

/// <summary>
/// Reads the branches and tags of a repository in git's "files" ref storage straight from disk: loose ref files under
/// <c>refs/heads</c> and <c>refs/tags</c>, then <c>packed-refs</c> (a loose ref wins over its packed entry; read in this
/// order, a ref packed meanwhile is still found). Symbolic refs are skipped, as are lock files. A tag's peeled target
/// comes from the <c>^</c> line of packed-refs when the file says it peeled its tags (the <c>peeled</c> or
/// <c>fully-peeled</c> trait: a tag without such a line is no annotated tag); otherwise the caller's peel function is asked.
/// </summary>
internal static class RefFiles
{
    /// <summary>Reads the refs; <paramref name="peel"/> returns the object an annotated tag object names, or null for any other object.</summary>
    public static List<GitRef> Read(string gitDirectory, Func<string, string?> peel)
    {
        var loose = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadLoose(gitDirectory, GitRefNames.Heads, loose);
        ReadLoose(gitDirectory, GitRefNames.Tags, loose);

        var refs = new List<GitRef>(loose.Count);
        var packedPeeled = false;
        var packed = new List<(string Name, string Target, string? Peeled)>();
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(gitDirectory, "packed-refs"), Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            text = "";
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                // "# pack-refs with: peeled fully-peeled sorted"
                var traits = line.StartsWith("# pack-refs with:", StringComparison.Ordinal) ? line["# pack-refs with:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
                packedPeeled = traits.Contains("peeled") || traits.Contains("fully-peeled");
                continue;
            }

            if (line[0] == '^')
            {
                if (packed.Count == 0 || !IsObjectId(line.AsSpan(1)))
                {
                    throw Corrupt(gitDirectory, line);
                }

                packed[^1] = packed[^1] with { Peeled = line[1..] };
                continue;
            }

            if (line.Length < 42 || line[40] != ' ' || !IsObjectId(line.AsSpan(0, 40)))
            {
                throw Corrupt(gitDirectory, line);
            }

            packed.Add((line[41..], line[..40], null));
        }

        foreach (var (name, target, peeled) in packed)
        {
            if (loose.ContainsKey(name) || !(name.StartsWith(GitRefNames.Heads, StringComparison.Ordinal) || name.StartsWith(GitRefNames.Tags, StringComparison.Ordinal)))
            {
                continue;
            }

            var commit = target;
            if (name.StartsWith(GitRefNames.Tags, StringComparison.Ordinal))
            {
                commit = peeled ?? (packedPeeled ? target : peel(target) ?? target);
            }

            refs.Add(new GitRef(name, target, commit));
        }

        foreach (var (name, target) in loose)
        {
            var commit = name.StartsWith(GitRefNames.Tags, StringComparison.Ordinal) ? peel(target) ?? target : target;
            refs.Add(new GitRef(name, target, commit));
        }

        return refs;
    }

    private static void ReadLoose(string gitDirectory, string prefix, Dictionary<string, string> into)
    {
        var root = Path.Combine(gitDirectory, prefix.TrimEnd('/'));
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal))
            {
                continue; // a writer's lock file, not a ref
            }

            string content;
            try
            {
                content = File.ReadAllText(file, Encoding.UTF8).TrimEnd('\n', '\r');
            }
            catch (FileNotFoundException)
            {
                continue; // deleted (or packed) since it was listed: packed-refs, read next, has it if it still exists
            }
            catch (DirectoryNotFoundException)
            {
                continue; // as above, with its folder
            }

            if (content.StartsWith("ref:", StringComparison.Ordinal))
            {
                continue; // symbolic refs are not listed
            }

            var name = prefix + Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (content.Length != 40 || !IsObjectId(content))
            {
                throw Corrupt(gitDirectory, name);
            }

            into[name] = content;
        }
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private static bool IsObjectId(ReadOnlySpan<char> text) => text.Length == 40 && !text.ContainsAnyExcept(HexDigits);

    private static InvalidDataException Corrupt(string gitDirectory, string what) =>
        new($"the refs of {gitDirectory} are corrupt: '{what}' is no ref");
}
