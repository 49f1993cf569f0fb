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
    // From this many loose ref files on, two workers read them.
    private const int ParallelReadThreshold = 64;

    private const int ShortRefFileBytes = 256;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the refs.</summary>
    /// <param name="gitDirectory">The repository folder.</param>
    /// <param name="peel">Returns the object an annotated tag object names, or null for any other object.</param>
    /// <param name="accept">When given, asked for each loose ref file before it is read: a file it refuses makes the refs corrupt.</param>
    public static List<GitRef> Read(string gitDirectory, Func<string, string?> peel, Func<string, bool>? accept = null)
    {
        var loose = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadLoose(gitDirectory, GitRefNames.Heads, loose, accept);
        ReadLoose(gitDirectory, GitRefNames.Tags, loose, accept);

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

    private static void ReadLoose(string gitDirectory, string prefix, Dictionary<string, string> into, Func<string, bool>? accept)
    {
        var root = Path.Combine(gitDirectory, prefix.TrimEnd('/'));
        if (!Directory.Exists(root))
        {
            return;
        }

        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            if (!file.EndsWith(".lock", StringComparison.Ordinal))
            {
                files.Add(file); // (a lock file is a writer's, not a ref)
            }
        }

        // Each file costs an open, a read and a close: many are read by two workers (what takes the time is the system
        // calls, not the work between them).
        var contents = new string?[files.Count];
        var rejected = new bool[files.Count];
        void ReadRange(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (accept is not null && !accept(files[i]))
                {
                    rejected[i] = true;
                    continue;
                }

                contents[i] = ReadRefFile(files[i]);
            }
        }

        if (files.Count >= ParallelReadThreshold)
        {
            var half = files.Count / 2;
            try
            {
                Parallel.Invoke(() => ReadRange(0, half), () => ReadRange(half, files.Count));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                // A read failure surfaces as itself, as it would from one worker.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                throw;
            }
        }
        else
        {
            ReadRange(0, files.Count);
        }

        for (var i = 0; i < files.Count; i++)
        {
            var name = prefix + Path.GetRelativePath(root, files[i]).Replace(Path.DirectorySeparatorChar, '/');
            if (rejected[i])
            {
                throw new InvalidDataException($"the refs of {gitDirectory} are corrupt: '{name}' is not a regular file");
            }

            if (contents[i] is not { } content || content.StartsWith("ref:", StringComparison.Ordinal))
            {
                continue; // gone since it was listed (packed-refs, read next, has it if it still exists), or symbolic (not listed)
            }

            if (content.Length != 40 || !IsObjectId(content))
            {
                throw Corrupt(gitDirectory, name);
            }

            into[name] = content;
        }
    }

    /// <summary>A loose ref file's text without its line end, or null when it was deleted (or packed) since it was listed.</summary>
    private static string? ReadRefFile(string file)
    {
        try
        {
            // A ref file is a line of 41 bytes: read into the stack, without a reader and its buffers per file.
            Span<byte> buffer = stackalloc byte[ShortRefFileBytes];
            int length;
            using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                length = 0;
                int read;
                while (length < buffer.Length && (read = RandomAccess.Read(handle, buffer[length..], length)) > 0)
                {
                    length += read;
                }
            }

            if (length == buffer.Length)
            {
                return File.ReadAllText(file, Encoding.UTF8).TrimEnd('\n', '\r'); // a long one (a symbolic ref, or no ref)
            }

            var text = buffer[..length];
            if (text.StartsWith(Utf8Bom))
            {
                text = text[Utf8Bom.Length..]; // as a UTF-8 text reader reads it
            }

            return Encoding.UTF8.GetString(text.TrimEnd("\n\r"u8));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null; // as above, with its folder
        }
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private static bool IsObjectId(ReadOnlySpan<char> text) => text.Length == 40 && !text.ContainsAnyExcept(HexDigits);

    private static InvalidDataException Corrupt(string gitDirectory, string what) =>
        new($"the refs of {gitDirectory} are corrupt: '{what}' is no ref");
}
