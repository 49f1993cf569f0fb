using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>File-set helpers for package updates: package directories, a package's own files, kpt's file classes.</summary>
internal static class PackageFiles
{
    /// <summary>kpt's KRM files for an update: the Kptfile, <c>*.yaml</c> and <c>*.yml</c> (kyaml's default match; JSON is not).</summary>
    public static bool IsKrmFile(string path)
    {
        var name = FileName(path);
        return name == Kptfile.FileName || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);
    }

    /// <summary>Whether a file holds resources the merge reads (<c>*.yaml</c>, <c>*.yml</c>; the Kptfile is merged on its own).</summary>
    public static bool IsResourceYaml(string path) => IsKrmFile(path) && FileName(path) != Kptfile.FileName;

    public static string Join(string package, string relative) => package.Length == 0 ? relative : package + "/" + relative;

    public static string KptfilePath(string package) => Join(package, Kptfile.FileName);

    /// <summary>Every directory below the root that holds a Kptfile.</summary>
    public static SortedSet<string> PackageDirectories(IReadOnlyDictionary<string, string> files)
    {
        var dirs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in files.Keys)
        {
            if (path.EndsWith("/" + Kptfile.FileName, StringComparison.Ordinal))
            {
                dirs.Add(path[..^(Kptfile.FileName.Length + 1)]);
            }
        }

        return dirs;
    }

    /// <summary>
    /// kpt's local subpackages (a Kptfile without <c>upstream</c>) at any depth, not inside a remote subpackage, ordered
    /// by depth and then path (parents before children).
    /// </summary>
    public static IReadOnlyList<string> LocalSubpackages(params IReadOnlyDictionary<string, string>[] trees)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var files in trees)
        {
            var dirs = PackageDirectories(files);
            var remote = dirs.Where(d => HasUpstream(files[KptfilePath(d)])).ToList();
            foreach (var dir in dirs)
            {
                if (!remote.Any(r => dir == r || dir.StartsWith(r + "/", StringComparison.Ordinal)))
                {
                    result.Add(dir);
                }
            }
        }

        return result.OrderBy(d => d.Count(c => c == '/')).ThenBy(d => d, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the package at <paramref name="package"/> exists (the root exists when the tree has any file).</summary>
    public static bool Exists(IReadOnlyDictionary<string, string> files, string package) =>
        package.Length == 0 ? files.Count > 0 : files.ContainsKey(KptfilePath(package));

    /// <summary>The files of one package, relative to it, without the directories of nested packages.</summary>
    public static Dictionary<string, string> Of(IReadOnlyDictionary<string, string> files, string package)
    {
        var prefix = package.Length == 0 ? "" : package + "/";
        var nested = PackageDirectories(files)
            .Where(d => d != package && (prefix.Length == 0 || d.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(d => d + "/")
            .ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && !nested.Any(n => path.StartsWith(n, StringComparison.Ordinal)))
            {
                result[path[prefix.Length..]] = text;
            }
        }

        return result;
    }

    /// <summary>Replaces one package's own files in <paramref name="target"/> by <paramref name="packageFiles"/> (relative).</summary>
    public static void Replace(Dictionary<string, string> target, string package, IReadOnlyDictionary<string, string> packageFiles)
    {
        foreach (var path in Of(target, package).Keys)
        {
            target.Remove(Join(package, path));
        }

        foreach (var (path, text) in packageFiles)
        {
            target[Join(package, path)] = text;
        }
    }

    /// <summary>Removes every file at or below <paramref name="package"/>, nested packages included.</summary>
    public static void RemoveAll(Dictionary<string, string> target, string package)
    {
        var prefix = package.Length == 0 ? "" : package + "/";
        foreach (var path in target.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            target.Remove(path);
        }
    }

    private static bool HasUpstream(string kptfileText)
    {
        try
        {
            var docs = KrmYaml.ReadDocuments(kptfileText, Kptfile.FileName);
            return docs.Count > 0 && docs[0].Root.Get("upstream") is { } upstream && !ThreeWayMerge.IsMissingOrNull(upstream);
        }
        catch (KrmYamlException)
        {
            return false;
        }
    }

    private static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
