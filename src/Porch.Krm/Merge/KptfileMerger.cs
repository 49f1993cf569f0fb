using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// kpt's Kptfile update (<c>kptfileutil.UpdateKptfile</c>): the three Kptfiles are re-marshalled and merged with list
/// inference on (pipelines merge by function <c>name</c>; a synthetic name is added for the merge when no function has
/// one); only annotations, labels, info, pipeline, inventory and status are taken from the merge.
/// </summary>
internal static class KptfileMerger
{
    private const string SyntheticNamePrefix = "_kpt-merge_";

    /// <summary>Merges the Kptfiles (any may be missing) and returns the local Kptfile as kpt writes it.</summary>
    /// <param name="local">The local Kptfile text, or null.</param>
    /// <param name="original">The original upstream Kptfile text, or null.</param>
    /// <param name="updated">The new upstream Kptfile text, or null.</param>
    /// <param name="updateUpstream">Whether <c>upstream</c>/<c>upstreamLock</c> are taken from the new upstream.</param>
    public static Kptfile Merge(string? local, string? original, string? updated, bool updateUpstream)
    {
        var localKf = Parse(local, "local");
        var originalKf = Parse(original, "original");
        var updatedKf = Parse(updated, "updated");
        if (updateUpstream)
        {
            if (updatedKf.Upstream is not null)
            {
                localKf.Upstream = updatedKf.Upstream;
            }

            if (updatedKf.UpstreamLock is not null)
            {
                localKf.UpstreamLock = updatedKf.UpstreamLock;
            }
        }

        var synthetic = NeedsSyntheticNames(localKf, originalKf, updatedKf);
        if (synthetic)
        {
            foreach (var kf in new[] { localKf, originalKf, updatedKf })
            {
                foreach (var fn in Functions(kf))
                {
                    fn.Name = SyntheticNamePrefix + FunctionKey(fn);
                }
            }
        }

        var merger = new ThreeWayMerge(MergeSchemaSet.BuiltIn, inferAssociativeLists: true);
        var merged = merger.Merge(Tree(localKf), Tree(originalKf), Tree(updatedKf));
        var mergedKf = merged is { Kind: YamlNodeKind.Mapping }
            ? Kptfile.Parse(KrmYaml.WriteDocuments([new YamlDocument(merged)]))
            : new Kptfile();
        if (synthetic)
        {
            foreach (var kf in new[] { localKf, mergedKf })
            {
                foreach (var fn in Functions(kf))
                {
                    if (fn.Name?.StartsWith(SyntheticNamePrefix, StringComparison.Ordinal) == true)
                    {
                        fn.Name = null;
                    }
                }
            }
        }

        Copy(mergedKf.Annotations, localKf.Annotations);
        Copy(mergedKf.Labels, localKf.Labels);
        localKf.Info = mergedKf.Info;
        localKf.Pipeline = mergedKf.Pipeline;
        localKf.Inventory = mergedKf.Inventory;
        localKf.Status = mergedKf.Status;
        return localKf;
    }

    private static Kptfile Parse(string? text, string source)
    {
        if (text is null)
        {
            return new Kptfile();
        }

        try
        {
            return Kptfile.Parse(text);
        }
        catch (KrmYamlException ex)
        {
            throw new PackageMergeException($"cannot read the {source} Kptfile: {ex.Message}", ex);
        }
    }

    private static YamlNode Tree(Kptfile kf) => KrmYaml.ReadDocument(kf.ToYaml()).Root;

    private static IEnumerable<KptFunction> Functions(Kptfile kf) =>
        kf.Pipeline is null ? [] : kf.Pipeline.Mutators.Concat(kf.Pipeline.Validators);

    /// <summary>kpt's <c>shouldAddFnKey</c>: no function has a name, and no pipeline list repeats a function key.</summary>
    private static bool NeedsSyntheticNames(params Kptfile[] kptfiles)
    {
        foreach (var kf in kptfiles)
        {
            if (kf.Pipeline is null)
            {
                continue;
            }

            foreach (var list in new[] { kf.Pipeline.Mutators, kf.Pipeline.Validators })
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var fn in list)
                {
                    if (!string.IsNullOrEmpty(fn.Name) || !keys.Add(FunctionKey(fn)))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The image without its tag or digest, or the exec path.</summary>
    private static string FunctionKey(KptFunction fn)
    {
        if (string.IsNullOrEmpty(fn.Image))
        {
            return fn.Exec ?? "";
        }

        var image = fn.Image;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            image = image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    private static void Copy(IDictionary<string, string> from, IDictionary<string, string> to)
    {
        to.Clear();
        foreach (var (k, v) in from)
        {
            to[k] = v;
        }
    }
}
