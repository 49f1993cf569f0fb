namespace Porch.Krm.Rendering;

/// <summary>Slash-path helpers (Go's <c>path.Clean</c> for relative paths).</summary>
internal static class PathText
{
    /// <summary>Cleans a relative slash path: <c>./a//b/../c</c> becomes <c>a/c</c>; a path leaving its base keeps its leading <c>..</c>.</summary>
    public static string Clean(string path)
    {
        if (IsClean(path))
        {
            return path;
        }

        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (segment != ".." || !rooted)
            {
                parts.Add(segment);
            }
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>Whether <see cref="Clean"/> would give the path back unchanged: relative, no empty, <c>.</c> or <c>..</c> segment.</summary>
    private static bool IsClean(string path)
    {
        if (path.Length == 0 || path[0] == '/')
        {
            return false;
        }

        var start = 0;
        while (start <= path.Length)
        {
            var slash = path.IndexOf('/', start);
            var end = slash < 0 ? path.Length : slash;
            var segment = path.AsSpan(start, end - start);
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            start = slash + 1;
        }

        return true;
    }

    /// <summary>The directory part of a slash path, or empty.</summary>
    public static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
