using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// kpt's package update on in-memory file sets (<c>pkg/lib/update</c>, as Porch's upgrade task runs it on the root
/// package): brings a local package from its original upstream to an updated upstream with one of kpt's strategies.
/// </summary>
/// <remarks>
/// File sets map package-relative paths (with <c>/</c>) to file text. The root Kptfile's <c>upstream</c> and
/// <c>upstreamLock</c> are left to the caller (Porch sets them from the new upstream revision).
/// </remarks>
public static class KptPackageUpdater
{
    /// <summary>Updates <paramref name="local"/> from <paramref name="original"/> to <paramref name="updated"/>.</summary>
    /// <param name="local">The local package, with its local changes.</param>
    /// <param name="original">The upstream revision the local package was cloned or last updated from.</param>
    /// <param name="updated">The new upstream revision.</param>
    /// <param name="strategy">The strategy; kpt's default is <see cref="PackageMergeStrategy.ResourceMerge"/>.</param>
    /// <returns>The local package after the update.</returns>
    /// <exception cref="PackageMergeException">
    /// The fast-forward strategy found local changes (<c>local package files have been modified: [...]</c>), a package
    /// holds duplicate resources, a subpackage was added on both sides, or a tree cannot be merged.
    /// </exception>
    /// <exception cref="KrmYamlException">A Kptfile or resource file cannot be read.</exception>
    public static IReadOnlyDictionary<string, string> Update(
        IReadOnlyDictionary<string, string> local,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated,
        PackageMergeStrategy strategy = PackageMergeStrategy.ResourceMerge)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(updated);
        return strategy switch
        {
            PackageMergeStrategy.FastForward => FastForward(local, original, updated),
            PackageMergeStrategy.ForceDeleteReplace => Replace(local, original, updated),
            PackageMergeStrategy.CopyMerge => CopyMerge(local, original, updated),
            _ => ResourceMerge(local, original, updated),
        };
    }

    private static Dictionary<string, string> ResourceMerge(
        IReadOnlyDictionary<string, string> local,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated)
    {
        var result = new Dictionary<string, string>(local, StringComparer.Ordinal);
        foreach (var package in new[] { "" }.Concat(PackageFiles.LocalSubpackages(local, updated, original)))
        {
            var localExists = PackageFiles.Exists(result, package);
            var updatedExists = PackageFiles.Exists(updated, package);
            var originalExists = PackageFiles.Exists(original, package);
            switch (originalExists, localExists, updatedExists)
            {
                case (false, true, true):
                    throw new PackageMergeException($"subpackage \"{(package.Length == 0 ? "." : package)}\" added in both upstream and local");
                case (false, false, true):
                    PackageFiles.Replace(result, package, PackageFiles.Of(updated, package));
                    break;
                case (true, true, false):
                    if (SameFiles(PackageFiles.Of(original, package), PackageFiles.Of(result, package)))
                    {
                        PackageFiles.RemoveAll(result, package);
                    }

                    break;
                case (true, true, true):
                    MergePackage(result, package, original, updated, isRoot: package.Length == 0);
                    break;
                default:
                    break;
            }
        }

        return result;
    }

    private static void MergePackage(
        Dictionary<string, string> result,
        string package,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated,
        bool isRoot)
    {
        var localFiles = PackageFiles.Of(result, package);
        var originalFiles = PackageFiles.Of(original, package);
        var updatedFiles = PackageFiles.Of(updated, package);
        var kptfile = KptfileMerger.Merge(Get(localFiles, Kptfile.FileName), Get(originalFiles, Kptfile.FileName), Get(updatedFiles, Kptfile.FileName), updateUpstream: !isRoot);
        localFiles[Kptfile.FileName] = kptfile.ToYaml();
        var merged = ResourceMerger.Merge(localFiles, originalFiles, updatedFiles);
        ReplaceNonKrmFiles(merged, originalFiles, updatedFiles);
        PackageFiles.Replace(result, package, merged);
    }

    /// <summary>kpt's <c>ReplaceNonKRMFiles</c>: upstream's non-KRM files win unless the local copy is new or changed.</summary>
    private static void ReplaceNonKrmFiles(Dictionary<string, string> local, IReadOnlyDictionary<string, string> original, IReadOnlyDictionary<string, string> updated)
    {
        static bool NonKrm(string path) => !PackageFiles.IsKrmFile(path) && !path.Contains(".git", StringComparison.Ordinal);
        var modified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in local.Keys.Where(NonKrm).ToList())
        {
            if (!original.TryGetValue(path, out var originalText) || originalText != local[path])
            {
                modified.Add(path);
            }
            else if (!updated.ContainsKey(path))
            {
                local.Remove(path);
            }
        }

        foreach (var (path, text) in updated)
        {
            if (NonKrm(path) && !modified.Contains(path))
            {
                local[path] = text;
            }
        }
    }

    private static Dictionary<string, string> FastForward(
        IReadOnlyDictionary<string, string> local,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated)
    {
        if (PackageFiles.Exists(original, ""))
        {
            var changed = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var package in new[] { "" }.Concat(PackageFiles.LocalSubpackages(local, original)))
            {
                if (!PackageFiles.Exists(local, package) || !PackageFiles.Exists(original, package))
                {
                    changed.Add(package + " (Package)");
                    continue;
                }

                var localFiles = PackageFiles.Of(local, package);
                var originalFiles = PackageFiles.Of(original, package);
                foreach (var path in localFiles.Keys.Union(originalFiles.Keys))
                {
                    if (Get(localFiles, path) == Get(originalFiles, path))
                    {
                        continue;
                    }

                    if (package.Length == 0 && path == Kptfile.FileName && !KptfileChanged(localFiles[path], Get(originalFiles, path)))
                    {
                        continue;
                    }

                    changed.Add(PackageFiles.Join(package, path));
                }
            }

            if (changed.Count > 0)
            {
                throw new PackageMergeException($"local package files have been modified: [{string.Join(" ", changed)}].\n  use a different update --strategy.");
            }
        }

        var result = Replace(local, original, updated);
        var kptfile = Kptfile.Parse(result[Kptfile.FileName]);
        ClearRenderStatus(kptfile);
        result[Kptfile.FileName] = kptfile.ToYaml();
        return result;
    }

    /// <summary>kpt's <c>hasKfDiff</c>: Kptfiles compared without upstream, lock, name and render status.</summary>
    private static bool KptfileChanged(string localText, string? originalText)
    {
        var localKf = Kptfile.Parse(localText);
        localKf.Upstream = null;
        localKf.UpstreamLock = null;
        ClearRenderStatus(localKf);
        Kptfile originalKf;
        if (originalText is null)
        {
            originalKf = new Kptfile { Name = localKf.Name };
        }
        else
        {
            originalKf = Kptfile.Parse(originalText);
            ClearRenderStatus(originalKf);
            originalKf.Name = localKf.Name;
        }

        return localKf.ToYaml() != originalKf.ToYaml();
    }

    private static void ClearRenderStatus(Kptfile kptfile)
    {
        if (kptfile.Status is not { } status)
        {
            return;
        }

        status.RenderStatus = null;
        for (var i = status.Conditions.Count - 1; i >= 0; i--)
        {
            if (status.Conditions[i].Type == "Rendered")
            {
                status.Conditions.RemoveAt(i);
            }
        }

        if (status.Conditions.Count == 0)
        {
            kptfile.Status = null;
        }
    }

    /// <summary>force-delete-replace: the merged root Kptfile, then the new upstream's files in place of the local ones.</summary>
    private static Dictionary<string, string> Replace(
        IReadOnlyDictionary<string, string> local,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated)
    {
        var kptfile = KptfileMerger.Merge(Get(local, Kptfile.FileName), Get(original, Kptfile.FileName), Get(updated, Kptfile.FileName), updateUpstream: true);
        var result = updated.Where(f => f.Key != Kptfile.FileName).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        result[Kptfile.FileName] = kptfile.ToYaml();
        return result;
    }

    /// <summary>copy-merge: the merged root Kptfile, every upstream file copied over, files upstream removed deleted.</summary>
    private static Dictionary<string, string> CopyMerge(
        IReadOnlyDictionary<string, string> local,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated)
    {
        var kptfile = KptfileMerger.Merge(Get(local, Kptfile.FileName), Get(original, Kptfile.FileName), Get(updated, Kptfile.FileName), updateUpstream: true);
        var result = new Dictionary<string, string>(local, StringComparer.Ordinal);
        foreach (var (path, text) in updated)
        {
            result[path] = text;
        }

        foreach (var path in original.Keys)
        {
            if (!updated.ContainsKey(path))
            {
                result.Remove(path);
            }
        }

        result[Kptfile.FileName] = kptfile.ToYaml();
        return result;
    }

    private static bool SameFiles(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(f => b.TryGetValue(f.Key, out var other) && other == f.Value);

    private static string? Get(IReadOnlyDictionary<string, string> files, string path) => files.TryGetValue(path, out var text) ? text : null;
}
