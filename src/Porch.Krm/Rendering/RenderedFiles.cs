using System.Globalization;
using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>kpt's package writer after a render: resources grouped into files by their path annotations, kyaml layout.</summary>
internal static class RenderedFiles
{
    /// <summary>Writes the resources over a copy of the files.</summary>
    /// <param name="files">The package's files before the render.</param>
    /// <param name="resources">The rendered resources (package-relative paths plus package-path annotation).</param>
    /// <param name="packagesByAnnotation">Packages by their package-path annotation value.</param>
    /// <param name="pruneFiles">Input resource files to delete when they received no resource, or null to prune nothing.</param>
    /// <exception cref="StepFailureException">A resource's path leaves the package.</exception>
    public static Dictionary<string, string> Write(
        IReadOnlyDictionary<string, string> files,
        IEnumerable<KubeObject> resources,
        IReadOnlyDictionary<string, RenderPackage> packagesByAnnotation,
        IEnumerable<string>? pruneFiles)
    {
        var result = new Dictionary<string, string>(files, StringComparer.Ordinal);
        var groups = new Dictionary<string, List<(int Order, int Index, YamlDocument Doc)>>(StringComparer.Ordinal);
        var order = 0;
        foreach (var resource in resources)
        {
            var doc = PackageResources.CopyForAnnotationEdits(resource.Document);
            var root = doc.Root;
            var annotations = root.Get("metadata")?.Get("annotations");
            string? Annotation(string key) => annotations?.Get(key) is { Kind: YamlNodeKind.Scalar } n ? n.Value : null;
            var path = RootPath(resource, packagesByAnnotation);
            var indexText = Annotation(KrmAnnotations.Index) ?? Annotation(KrmAnnotations.LegacyIndex);
            var index = int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            doc.SequenceIndent = Annotation(KrmAnnotations.SeqIndent) == "wide" ? SequenceIndentStyle.Wide : SequenceIndentStyle.Compact;
            PackageResources.ClearReaderAnnotations(root);
            if (root.Count == 1 && root.Get(PackageResources.BareSequenceWrappingKey) is { Kind: YamlNodeKind.Sequence } bare)
            {
                doc.Root = bare;
            }

            if (!groups.TryGetValue(path, out var list))
            {
                groups[path] = list = new List<(int, int, YamlDocument)>();
            }

            list.Add((order++, index, doc));
        }

        foreach (var (path, list) in groups)
        {
            if (files.ContainsKey(path) && !PackageResources.IsResourceFile(path))
            {
                throw new StepFailureException($"config.kubernetes.io/path cannot be a directory: {path}");
            }

            // By index, then in the order the resources came (Order is unique, so the sort needs no stability).
            list.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Order.CompareTo(b.Order));
            var sorted = new YamlDocument[list.Count];
            for (var i = 0; i < sorted.Length; i++)
            {
                sorted[i] = list[i].Doc;
            }

            result[path] = sorted.Length == 1 && path.EndsWith(".json", StringComparison.Ordinal)
                ? KrmJsonWriter.Write(sorted[0].Root, path)
                : KyamlWriter.Write(sorted);
        }

        if (pruneFiles is not null)
        {
            foreach (var source in pruneFiles)
            {
                if (!groups.ContainsKey(source))
                {
                    result.Remove(source);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// kpt's <c>adjustRelPath</c> before an out-of-place write: the resources with path annotations (both keys) naming
    /// their file relative to the root package, and no package-path annotation. The render owns its resources and has
    /// written its files, so they are changed in place; an object sharing the edited nodes with one before it is copied.
    /// </summary>
    /// <exception cref="StepFailureException">A resource's path leaves the package.</exception>
    public static IReadOnlyList<KubeObject> OutputResources(IReadOnlyList<KubeObject> resources, IReadOnlyDictionary<string, RenderPackage> packagesByAnnotation)
    {
        // Every path is computed from the annotations as the pipelines left them before any is changed.
        var paths = new string[resources.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = RootPath(resources[i], packagesByAnnotation);
        }

        var output = new List<KubeObject>(resources.Count);
        var edited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < paths.Length; i++)
        {
            // The edits change the root, its metadata and their annotations: an object sharing any of them with one
            // before it (listed twice, or made by a function from another's nodes) is copied, so no two results share
            // the nodes a caller would edit.
            var resource = resources[i];
            var metadata = resource.Root.Get("metadata");
            if (!edited.Add(resource.Root) | (metadata is not null && !edited.Add(metadata)) | (metadata?.Get("annotations") is { } annotations && !edited.Add(annotations)))
            {
                resource = resource.Clone();
            }

            PackageResources.SetReaderAnnotation(resource.Root, KrmAnnotations.Path, paths[i]);
            PackageResources.SetReaderAnnotation(resource.Root, KrmAnnotations.LegacyPath, paths[i]);
            resource.RemoveAnnotation(KrmAnnotations.PackagePath);
            output.Add(resource);
        }

        return output;
    }

    /// <summary>A resource's file relative to the root package: its path annotation below the package that owns it.</summary>
    private static string RootPath(KubeObject resource, IReadOnlyDictionary<string, RenderPackage> packagesByAnnotation)
    {
        var annotations = resource.Root.Get("metadata")?.Get("annotations");
        string? Annotation(string key) => annotations?.Get(key) is { Kind: YamlNodeKind.Scalar } n ? n.Value : null;
        var packagePath = Annotation(KrmAnnotations.PackagePath);
        var pkg = packagePath is not null && packagesByAnnotation.TryGetValue(packagePath, out var owner) ? owner : null;
        var relative = Annotation(KrmAnnotations.Path) ?? Annotation(KrmAnnotations.LegacyPath) ?? DefaultPath(resource, "");
        var cleaned = PathText.Clean(relative);
        if (cleaned.StartsWith('/') && pkg is not null)
        {
            // kpt's adjustRelPath (render executor.go, pathRelToRoot): filepath.Join(subPkgRelPath, filepath.Clean(path))
            // turns an absolute path into one below the package that owns the resource.
            cleaned = cleaned.Length == 1 ? "." : cleaned[1..];
        }

        var path = pkg is null ? cleaned : pkg.ToRootPath(cleaned);
        if (cleaned.StartsWith('/') || cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal) || !PackagePath.IsValid(path))
        {
            throw new StepFailureException($"resource must be written under package {(pkg?.DisplayPath ?? ".")}: {relative}");
        }

        return path;
    }

    /// <summary>kpt's file name for a resource without a path: <c>&lt;dir&gt;/&lt;namespace&gt;/&lt;kind&gt;_&lt;name&gt;.yaml</c>.</summary>
    public static string DefaultPath(KubeObject resource, string directory)
    {
        var file = resource.Kind.ToLowerInvariant() + "_" + resource.Name + ".yaml";
        var ns = resource.Namespace;
        var path = ns.Length == 0 ? file : ns + "/" + file;
        return directory.Length == 0 ? path : directory + "/" + path;
    }
}
