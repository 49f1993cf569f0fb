using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// kpt's resource merge of one package (<c>pkg/lib/update/merge3</c>): the objects of the three versions are matched by
/// API group, kind, namespace/name (from the <c># kpt-merge:</c> comment when present) and file path, then each tuple is
/// kept, dropped, taken from upstream or merged field by field.
/// </summary>
internal static class ResourceMerger
{
    /// <summary>The annotations kpt strips before asking whether a local copy still equals the original.</summary>
    private static readonly string[] IgnoredAnnotations =
    [
        "config.kubernetes.io/merge-source",
        KrmAnnotations.Path,
        KrmAnnotations.Index,
        KrmAnnotations.LegacyPath,
        KrmAnnotations.LegacyIndex,
        "internal.config.kubernetes.io/annotations-migration-resource-id",
        "cnrm.cloud.google.com/blueprint",
    ];

    /// <summary>Merges the resources of one package; the inputs are the package's own files, relative to it.</summary>
    /// <returns>The local package's files after the merge (non-KRM files not yet handled).</returns>
    public static Dictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> local,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> updated)
    {
        var destFiles = ResourceFiles(local);
        var originalResources = Read(original, "original");
        var updatedResources = Read(updated, "updated");
        var dest = Read(local, "dest");
        var schemas = MergeSchemaSet.WithCrds(updatedResources.Resources.Concat(dest.Resources).Select(r => r.Root));

        var tuples = new List<Tuple>();
        var index = new Dictionary<MergeIdentity, Tuple>();
        foreach (var (resources, slot, name) in new[] { (originalResources, 0, "original"), (updatedResources, 1, "updated"), (dest, 2, "dest") })
        {
            foreach (var resource in resources.Resources)
            {
                var id = MergeIdentity.Of(resource);
                if (!index.TryGetValue(id, out var tuple))
                {
                    tuple = new Tuple();
                    index[id] = tuple;
                    tuples.Add(tuple);
                }
                else if (tuple[slot] is not null)
                {
                    throw new PackageMergeException($"found duplicate {GoString.Quote(name)} resources in file {GoString.Quote(resource.PathAnnotation ?? "")}, please refer to \"update\" documentation for the fix");
                }

                tuple[slot] = resource;
            }
        }

        var merger = new ThreeWayMerge(schemas, inferAssociativeLists: false);
        var output = new List<KubeObject>();
        foreach (var t in tuples)
        {
            switch (t)
            {
                case { Original: null, Updated: null, Dest: { } d }:
                    output.Add(d);
                    break;
                case { Original: null, Updated: { } u, Dest: null }:
                    output.Add(u);
                    break;
                case { Updated: null, Dest: null }:
                    break;
                case { Original: { } o, Updated: null, Dest: { } d }:
                    if (!SameIgnoringMergeAnnotations(o, d))
                    {
                        output.Add(d);
                    }

                    break;
                case { Original: not null, Dest: null }:
                    break;
                default:
                    var merged = merger.Merge(t.Dest!.Root, t.Original?.Root, t.Updated!.Root);
                    if (merged is { Kind: YamlNodeKind.Mapping })
                    {
                        t.Dest.Document.Root = merged;
                        output.Add(t.Dest);
                    }

                    break;
            }
        }

        dest.Resources.Clear();
        foreach (var resource in output)
        {
            dest.Resources.Add(resource);
        }

        var written = dest.Write(destFiles);
        var result = new Dictionary<string, string>(local, StringComparer.Ordinal);
        foreach (var path in destFiles.Keys)
        {
            result.Remove(path);
        }

        foreach (var (path, text) in written)
        {
            result[path] = text;
        }

        return result;
    }

    private static Dictionary<string, string> ResourceFiles(IReadOnlyDictionary<string, string> files) =>
        files.Where(f => PackageFiles.IsResourceYaml(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    private static PackageResources Read(IReadOnlyDictionary<string, string> files, string source)
    {
        try
        {
            return PackageResources.Read(ResourceFiles(files));
        }
        catch (KrmYamlException ex)
        {
            throw new PackageMergeException($"cannot read the {source} package: {ex.Message}", ex);
        }
    }

    /// <summary>kpt's <c>equals</c> in <c>strategy.go</c>: the two objects written out, without the reader's annotations.</summary>
    private static bool SameIgnoringMergeAnnotations(KubeObject a, KubeObject b) => Text(a) == Text(b);

    private static string Text(KubeObject obj)
    {
        var root = obj.Root.Clone();
        if (root.Get("metadata")?.Get("annotations") is { Kind: YamlNodeKind.Mapping } annotations)
        {
            foreach (var key in IgnoredAnnotations)
            {
                annotations.Remove(key);
            }

            if (annotations.Count == 0)
            {
                root.Get("metadata")!.Remove("annotations");
            }
        }

        return KrmYaml.WriteDocuments([new YamlDocument(root)]);
    }


    private sealed class Tuple
    {
        public KubeObject? Original { get; set; }

        public KubeObject? Updated { get; set; }

        public KubeObject? Dest { get; set; }

        public KubeObject? this[int slot]
        {
            get => slot switch { 0 => Original, 1 => Updated, _ => Dest };
            set
            {
                switch (slot)
                {
                    case 0: Original = value; break;
                    case 1: Updated = value; break;
                    default: Dest = value; break;
                }
            }
        }
    }
}
