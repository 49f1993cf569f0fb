using System.Text;

namespace Porch.Cli.Local;

/// <summary>A package on disk as the libraries see it: package-relative <c>/</c> paths to file text (<c>.git</c> left out).</summary>
internal static class PackageFolder
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Reads every file below <paramref name="directory"/>.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(string directory, CancellationToken cancellationToken, Func<string, bool>? include = null)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || (include is not null && !include(relative)))
            {
                continue;
            }

            files[relative] = await File.ReadAllTextAsync(file, Utf8, cancellationToken).ConfigureAwait(false);
        }

        return files;
    }

    /// <summary>Makes the folder hold <paramref name="after"/>: removes files of <paramref name="before"/> that are gone, writes new and changed ones.</summary>
    public static async Task WriteAsync(string directory, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, CancellationToken cancellationToken)
    {
        foreach (var path in before.Keys.Where(p => !after.ContainsKey(p)))
        {
            File.Delete(FullPath(directory, path));
        }

        foreach (var (path, text) in after)
        {
            if (before.TryGetValue(path, out var old) && old == text)
            {
                continue;
            }

            var full = FullPath(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text, Utf8, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The full path of a package-relative path, refusing paths that leave the folder.</summary>
    public static string FullPath(string directory, string relative)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Infrastructure.CliException.Error($"path \"{relative}\" is outside the package folder");
        }

        return full;
    }
}
