using System.Globalization;
using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// Discovers the packages of a file set (directories with a Kptfile, subpackages sorted by path), reads and validates
/// their Kptfiles, and reads each package's resources as kpt's package reader does (resource-file globs,
/// <c>.krmignore</c>, subpackage directories skipped).
/// </summary>
internal static class PackageTree
{
    /// <summary>Reads the root package: its Kptfile is parsed strictly and validated.</summary>
    /// <exception cref="RenderFailureException">The root Kptfile cannot be read or is invalid.</exception>
    public static RenderPackage LoadRoot(IReadOnlyDictionary<string, string> files) => Load(files, "", null, PackageDirectories(files));

    /// <summary>Discovers the subpackages below <paramref name="root"/> and the resource files of every package.</summary>
    /// <exception cref="RenderFailureException">A subpackage Kptfile cannot be read or is invalid.</exception>
    public static void Expand(RenderPackage root, IReadOnlyDictionary<string, string> files)
    {
        var packageDirs = PackageDirectories(files);
        var queue = new Queue<RenderPackage>();
        queue.Enqueue(root);
        var walkOrder = files.Keys.OrderBy(k => k, WalkOrder.Instance).ToList();
        while (queue.Count > 0)
        {
            var pkg = queue.Dequeue();
            var ignore = files.TryGetValue(pkg.ToRootPath(KrmIgnore.FileName), out var ignoreText) ? KrmIgnore.Parse(ignoreText) : KrmIgnore.Empty;
            foreach (var path in walkOrder)
            {
                if (!IsWithin(path, pkg.Directory) || IsUnderGit(path))
                {
                    continue;
                }

                var relative = pkg.Directory.Length == 0 ? path : path[(pkg.Directory.Length + 1)..];
                var owner = OwningSubpackage(relative, pkg.Directory, packageDirs);
                if (owner is not null || ignore.IsIgnored(relative) || !PackageResources.IsResourceFile(path))
                {
                    continue;
                }

                pkg.ResourceFiles.Add(path);
            }

            foreach (var dir in DirectSubpackages(pkg.Directory, packageDirs))
            {
                var sub = Load(files, dir, pkg, packageDirs);
                pkg.Subpackages.Add(sub);
                queue.Enqueue(sub);
            }
        }
    }

    private static HashSet<string> PackageDirectories(IReadOnlyDictionary<string, string> files) =>
        files.Keys
            .Where(p => p == Kptfile.FileName || p.EndsWith("/" + Kptfile.FileName, StringComparison.Ordinal))
            .Select(p => p.Length == Kptfile.FileName.Length ? "" : p[..^(Kptfile.FileName.Length + 1)])
            .Where(d => !IsUnderGit(d))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The packages in breadth-first order (children sorted), root first.</summary>
    public static List<RenderPackage> BreadthFirst(RenderPackage root)
    {
        var list = new List<RenderPackage> { root };
        for (var i = 0; i < list.Count; i++)
        {
            list.AddRange(list[i].Subpackages);
        }

        return list;
    }

    /// <summary>Reads the resources of one package (package-relative path annotations, package-path annotation).</summary>
    /// <exception cref="RenderFailureException">A file is not valid YAML, or a document is not a mapping.</exception>
    public static List<KubeObject> ReadResources(RenderPackage pkg, IReadOnlyDictionary<string, string> files)
    {
        var resources = new List<KubeObject>();
        foreach (var path in pkg.ResourceFiles)
        {
            IReadOnlyList<YamlDocument> documents;
            try
            {
                documents = KrmYaml.ReadDocuments(files[path], path);
            }
            catch (KrmYamlException ex)
            {
                throw RenderFailureException.Package(pkg.DisplayPath, ex.Message, ex);
            }

            var relative = pkg.Directory.Length == 0 ? path : path[(pkg.Directory.Length + 1)..];
            for (var index = 0; index < documents.Count; index++)
            {
                var doc = documents[index];
                if (doc.Root.Kind == YamlNodeKind.Sequence)
                {
                    var wrapper = YamlNode.Mapping();
                    wrapper.Set(PackageResources.BareSequenceWrappingKey, doc.Root);
                    doc.Root = wrapper;
                }

                if (doc.Root.Kind != YamlNodeKind.Mapping)
                {
                    var ex = new KrmYamlException(path, doc.Root.Line, doc.Root.Column, KyamlReader.WrongNodeKind(doc.Root));
                    throw RenderFailureException.Package(pkg.DisplayPath, ex.Message, ex);
                }

                if (doc.Root.Get("metadata") is { } metadata && metadata.Kind != YamlNodeKind.Mapping && !metadata.IsNull)
                {
                    var ex = new KrmYamlException(path, metadata.Line, metadata.Column, KyamlReader.WrongNodeKind(metadata));
                    throw RenderFailureException.Package(pkg.DisplayPath, ex.Message, ex);
                }

                var indexText = index.ToString(CultureInfo.InvariantCulture);
                PackageResources.SetReaderAnnotation(doc.Root, KrmAnnotations.LegacyIndex, indexText);
                PackageResources.SetReaderAnnotation(doc.Root, KrmAnnotations.LegacyPath, relative);
                PackageResources.SetReaderAnnotation(doc.Root, KrmAnnotations.Index, indexText);
                PackageResources.SetReaderAnnotation(doc.Root, KrmAnnotations.Path, relative);
                PackageResources.SetReaderAnnotation(doc.Root, KrmAnnotations.SeqIndent, doc.SequenceIndent == SequenceIndentStyle.Wide ? "wide" : "compact");
                PackageResources.SetReaderAnnotation(doc.Root, KrmAnnotations.PackagePath, pkg.PackagePathAnnotation);
                resources.Add(new KubeObject(doc));
                pkg.ContributingFiles.Add(path);
            }
        }

        return resources;
    }

    private static RenderPackage Load(IReadOnlyDictionary<string, string> files, string dir, RenderPackage? parent, HashSet<string> packageDirs)
    {
        var display = dir.Length == 0 ? "." : dir;
        var kptfilePath = dir.Length == 0 ? Kptfile.FileName : dir + "/" + Kptfile.FileName;
        Kptfile kptfile;
        try
        {
            kptfile = Kptfile.Parse(files[kptfilePath], kptfilePath);
        }
        catch (KrmYamlException ex)
        {
            // kpt's errors/resolver/pkg.go: a Kptfile that does not decode is "can't be read", with the decoder's text as details.
            throw RenderFailureException.Package(display, $"Kptfile at \"{display}\" can't be read.\n\nDetails:\n{ex.Problem}", ex);
        }

        var problem = kptfile.Validate() ?? ValidateConfigPaths(kptfile, dir, files, packageDirs);
        if (problem is not null)
        {
            throw RenderFailureException.Package(display, problem);
        }

        return new RenderPackage(dir, kptfile, parent);
    }

    /// <summary>kpt's checks of every <c>configPath</c> when a package is read: the file opens and holds exactly one KRM object.</summary>
    private static string? ValidateConfigPaths(Kptfile kptfile, string dir, IReadOnlyDictionary<string, string> files, HashSet<string> packageDirs)
    {
        if (kptfile.Pipeline is null)
        {
            return null;
        }

        foreach (var (list, name) in new[] { (kptfile.Pipeline.Mutators, "mutators"), (kptfile.Pipeline.Validators, "validators") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                var configPath = list[i].ConfigPath;
                if (configPath is null)
                {
                    continue;
                }

                var field = $"pipeline.{name}[{i}].configPath";
                var clean = PathText.Clean(configPath.Trim());
                var rootPath = dir.Length == 0 ? clean : dir + "/" + clean;
                if (!files.TryGetValue(rootPath, out var text))
                {
                    return Kptfile.ValidationError(field, configPath, $"failed to open functionConfig from path \"{configPath}\": open {rootPath}: no such file or directory");
                }

                IReadOnlyList<YamlDocument> docs;
                try
                {
                    docs = KrmYaml.ReadDocuments(text, rootPath);
                }
                catch (KrmYamlException ex)
                {
                    return Kptfile.ValidationError(field, configPath, $"failed to read functionConfig \"{configPath}\": {ex.Message}");
                }

                if (docs.Count > 1)
                {
                    return Kptfile.ValidationError(field, configPath, $"functionConfig \"{configPath}\" must not contain more than one config, got {docs.Count}");
                }

                var missing = docs.Count == 0 || docs[0].Root.Kind != YamlNodeKind.Mapping ? "resource must have `apiVersion`" : KrmCheck.MissingField(new KubeObject(docs[0]));
                if (missing is not null)
                {
                    return Kptfile.ValidationError(field, configPath, $"functionConfig \"{configPath}\": {missing}");
                }
            }
        }

        return null;
    }

    private static bool IsWithin(string path, string dir) => dir.Length == 0 || (path.Length > dir.Length && path.StartsWith(dir, StringComparison.Ordinal) && path[dir.Length] == '/');

    private static bool IsUnderGit(string path) => path == ".git" || path.StartsWith(".git/", StringComparison.Ordinal) || path.Contains("/.git/", StringComparison.Ordinal) || path.EndsWith("/.git", StringComparison.Ordinal);

    /// <summary>The subpackage directory (root-relative) that owns a package-relative file, or null when the package itself owns it.</summary>
    private static string? OwningSubpackage(string relative, string dir, HashSet<string> packageDirs)
    {
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        while (slash >= 0)
        {
            var candidate = dir.Length == 0 ? relative[..slash] : dir + "/" + relative[..slash];
            if (packageDirs.Contains(candidate))
            {
                return candidate;
            }

            slash = relative.IndexOf('/', slash + 1);
        }

        return null;
    }

    private static IEnumerable<string> DirectSubpackages(string dir, HashSet<string> packageDirs) =>
        packageDirs
            .Where(d => d.Length > 0 && IsWithin(d, dir))
            .Where(d => OwningSubpackage(dir.Length == 0 ? d + "/x" : d[(dir.Length + 1)..] + "/x", dir, packageDirs) == d)
            .Order(StringComparer.Ordinal);

    /// <summary>Orders paths the way a directory walk visits them: segment by segment, ordinal.</summary>
    internal sealed class WalkOrder : IComparer<string>
    {
        public static readonly WalkOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x.AsSpan();
            var b = y.AsSpan();
            while (true)
            {
                var slashA = a.IndexOf('/');
                var slashB = b.IndexOf('/');
                var c = (slashA < 0 ? a : a[..slashA]).SequenceCompareTo(slashB < 0 ? b : b[..slashB]);
                if (c != 0)
                {
                    return c;
                }

                if (slashA < 0 || slashB < 0)
                {
                    // The path with fewer segments first.
                    return (slashA >= 0).CompareTo(slashB >= 0);
                }

                a = a[(slashA + 1)..];
                b = b[(slashB + 1)..];
            }
        }
    }
}
