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
        var parts = elements.Where(e => !string.IsNullOrEmpty(e)).ToArray();
        return parts.Length == 0 ? "" : Clean(string.Join('/', parts));
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
