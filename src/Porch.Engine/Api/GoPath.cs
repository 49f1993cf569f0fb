using System.Text;

namespace Porch.Engine.Api;

/// <summary>
/// Go's <c>path.Join</c> and <c>path.Clean</c> for slash-separated paths, as Porch uses (through <c>filepath.Join</c>
/// on Linux) when it composes names and package paths.
/// </summary>
internal static class GoPath
{
    public static string Join(params string?[] elements)
    {
        // Fast path: every part already clean (the common case for package keys) joins without Clean's allocations.
        string? single = null;
        var count = 0;
        var clean = true;
        foreach (var e in elements)
        {
            if (string.IsNullOrEmpty(e))
            {
                continue;
            }

            count++;
            single ??= e;
            clean &= IsClean(e);
        }

        if (count == 0)
        {
            return "";
        }

        if (clean)
        {
            return count == 1 ? single! : string.Join('/', elements.Where(e => !string.IsNullOrEmpty(e)));
        }

        return Clean(string.Join('/', elements.Where(e => !string.IsNullOrEmpty(e))));
    }

    /// <summary>True when <paramref name="path"/> is relative, has no empty, "." or ".." segment and no trailing slash.</summary>
    private static bool IsClean(string path)
    {
        if (path[0] == '/' || path[^1] == '/')
        {
            return false;
        }

        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var length = i - start;
                if (length == 0 || (length == 1 && path[start] == '.') || (length == 2 && path[start] == '.' && path[start + 1] == '.'))
                {
                    return false;
                }

                start = i + 1;
            }
        }

        return true;
    }

    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var stack = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (stack.Count > 0 && stack[^1] != "..")
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (!rooted)
                {
                    stack.Add(segment);
                }

                continue;
            }

            stack.Add(segment);
        }

        var sb = new StringBuilder();
        if (rooted)
        {
            sb.Append('/');
        }

        sb.AppendJoin('/', stack);
        return sb.Length == 0 ? "." : sb.ToString();
    }
}
