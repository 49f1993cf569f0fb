
namespace Porch.Krm;

/// <summary>
/// The one place that checks package-relative resource paths (the keys of <c>PackageRevisionResources.spec.resources</c>)
/// and turns them into file-system paths. Porch joins such paths unchecked; this library refuses anything that could
/// leave the package.
/// </summary>
/// <remarks>
/// A valid path is relative, uses <c>/</c> as separator, and has only non-empty segments other than <c>.</c> and
/// <c>..</c> and never git's own directory (<c>.git</c>, in any case or disguise), with no backslash, NUL or other
/// control character and no drive letter. A package's paths together must form a tree: none inside another that is a file.
/// </remarks>
public static class PackagePath
{
    /// <summary>
    /// Checks a package-relative path and returns it unchanged when it is valid.
    /// </summary>
    /// <param name="relativePath">The path, for example <c>deploy/service.yaml</c>.</param>
    /// <returns><paramref name="relativePath"/>.</returns>
    /// <exception cref="PackagePathException">The path is empty, absolute, or contains a forbidden segment or character.</exception>
    public static string Validate(string relativePath)
    {
        if (GetError(relativePath) is { } error)
        {
            throw new PackagePathException(relativePath ?? "", error);
        }

        return relativePath!; // GetError returned null, so the path is not null.
    }

    /// <summary>
    /// Checks every path of a package and that they fit in one directory tree: no path may lie inside another path that
    /// is a file (<c>Kptfile</c> beside <c>Kptfile/x.yaml</c>), which a Git tree cannot hold.
    /// </summary>
    /// <param name="relativePaths">The package's file paths.</param>
    /// <exception cref="PackagePathException">A path is invalid, or lies inside another path that is a file.</exception>
    public static void ValidateAll(IEnumerable<string> relativePaths)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var path in relativePaths)
        {
            Validate(path);
            if (files.Add(path))
            {
                list.Add(path);
            }
        }

        foreach (var path in list)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                var parent = path[..slash];
                if (files.Contains(parent))
                {
                    throw new PackagePathException(path, $"resource path \"{path}\" is inside \"{parent}\", which is a file");
                }
            }
        }
    }

    /// <summary>Returns whether <paramref name="relativePath"/> is a valid package-relative path.</summary>
    /// <param name="relativePath">The path to check.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? relativePath) => GetError(relativePath) is null;

    /// <summary>
    /// Resolves <paramref name="relativePath"/> under <paramref name="root"/> and checks that the result stays under the
    /// root and that no existing component below the root is a symbolic link (or junction).
    /// </summary>
    /// <param name="root">The package directory on disk.</param>
    /// <param name="relativePath">The package-relative path.</param>
    /// <returns>The full file-system path.</returns>
    /// <exception cref="PackagePathException">The path is invalid, leaves the root, or passes through a symbolic link.</exception>
    public static string Combine(string root, string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Validate(relativePath);

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var segments = relativePath.Split('/');
        var current = fullRoot;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                throw new PackagePathException(relativePath, $"resource path \"{relativePath}\" passes through a symbolic link");
            }
        }

        var full = Path.GetFullPath(current);
        var prefix = fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            throw new PackagePathException(relativePath, $"resource path \"{relativePath}\" leaves the package");
        }

        return full;
    }

    private static string? GetError(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "resource path must not be empty";
        }

        foreach (var c in path)
        {
            if (c == '\0' || char.IsControl(c))
            {
                return $"resource path \"{Printable(path)}\" contains a control character";
            }

            if (c == '\\')
            {
                return $"resource path \"{path}\" contains a backslash";
            }
        }

        if (path[0] == '/')
        {
            return $"resource path \"{path}\" must be relative";
        }

        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            return $"resource path \"{path}\" must not start with a drive letter";
        }

        for (var start = 0; start <= path.Length;)
        {
            var slash = path.IndexOf('/', start);
            var end = slash < 0 ? path.Length : slash;
            var segment = path.AsSpan(start, end - start);
            switch (segment)
            {
                case "":
                    return $"resource path \"{path}\" contains an empty segment";
                case ".":
                    return $"resource path \"{path}\" contains a '.' segment";
                case "..":
                    return $"resource path \"{path}\" contains a '..' segment";
            }

            if (IsDotGit(segment))
            {
                return $"resource path \"{path}\" contains a '.git' segment";
            }

            start = end + 1;
        }

        return null;
    }

    /// <summary>
    /// Whether a segment names git's own directory as git itself refuses it in a tree (<c>verify_path</c>): <c>.git</c> in
    /// any case, with trailing dots or spaces (NTFS drops them), its 8.3 short name <c>git~1</c>, or with characters HFS+
    /// ignores (zero-width joiners and the like) inside.
    /// </summary>
    private static bool IsDotGit(ReadOnlySpan<char> segment)
    {
        if (segment.Length < 4)
        {
            return false;
        }

        if (segment.TrimEnd(". ").Equals(".git", StringComparison.OrdinalIgnoreCase) || segment.Equals("git~1", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var ignorable = 0;
        foreach (var c in segment)
        {
            if (IsHfsIgnorable(c))
            {
                ignorable++;
            }
        }

        if (ignorable == 0 || segment.Length - ignorable != 4)
        {
            return false;
        }

        Span<char> stripped = stackalloc char[4];
        var n = 0;
        foreach (var c in segment)
        {
            if (!IsHfsIgnorable(c))
            {
                stripped[n++] = c;
            }
        }

        return stripped.Equals(".git", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The code points HFS+ ignores when it compares names (git's <c>is_hfs_dotgit</c> list).</summary>
    private static bool IsHfsIgnorable(char c) =>
        c is (>= '\u200c' and <= '\u200f') or (>= '\u202a' and <= '\u202e') or (>= '\u206a' and <= '\u206f') or '\ufeff';

    private static string Printable(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
