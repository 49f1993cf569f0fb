namespace Porch.Krm.Rendering;

/// <summary>Slash-path helpers (Go's <c>path.Clean</c> for relative paths).</summary>
internal static class PathText
{
    /// <summary>Cleans a relative slash path: <c>./a//b/../c</c> becomes <c>a/c</c>; a path leaving its base keeps its leading <c>..</c>.</summary>
    public static string Clean(string path)
    {
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

    /// <summary>The directory part of a slash path, or empty.</summary>
    public static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
