using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// kpt's <c>addmergecomment</c> filter as Porch runs it after clone and upgrade: every object with a name, namespace or
/// labels gets <c># kpt-merge: &lt;ns&gt;/&lt;name&gt;</c> on its <c>metadata:</c> key (unless one is there) and the
/// annotation <c>internal.kpt.dev/upstream-identifier: '&lt;group&gt;|&lt;kind&gt;|&lt;ns or default&gt;|&lt;name&gt;'</c>.
/// Porch applies it to <c>*.yaml</c>, <c>*.yml</c> and Kptfiles.
/// </summary>
public static class MergeKeys
{
    /// <summary>Adds merge keys to the resources of a package's files.</summary>
    /// <param name="files">Package-relative path to file text.</param>
    /// <returns>The files, with every KRM file rewritten in kpt's layout and the other files unchanged.</returns>
    /// <exception cref="KrmYamlException">A KRM file cannot be read.</exception>
    public static IReadOnlyDictionary<string, string> Add(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var krm = files.Where(f => PackageFiles.IsKrmFile(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var resources = PackageResources.Read(krm);
        foreach (var resource in resources.Resources)
        {
            Add(resource);
        }

        var written = resources.Write(krm);
        var result = new Dictionary<string, string>(files, StringComparer.Ordinal);
        foreach (var path in krm.Keys)
        {
            result.Remove(path);
        }

        foreach (var (path, text) in written)
        {
            result[path] = text;
        }

        return result;
    }

    private static void Add(KubeObject obj)
    {
        if (obj.Name.Length == 0 && obj.Namespace.Length == 0 && obj.Labels.Count == 0)
        {
            return;
        }

        var key = obj.Root.GetKeyNode("metadata");
        if (key is null)
        {
            return;
        }

        if (key.LineComment?.Contains(MergeIdentity.CommentPrefix, StringComparison.Ordinal) != true)
        {
            key.LineComment = $"# {MergeIdentity.CommentPrefix} {obj.Namespace}/{obj.Name}";
        }

        var fromComment = MergeIdentity.NamespaceAndName(key.LineComment);
        var ns = fromComment?.Namespace ?? obj.Namespace;
        var name = fromComment?.Name ?? obj.Name;
        var value = $"{obj.Group}|{obj.Kind}|{(ns.Length == 0 ? "default" : ns)}|{name}";
        obj.SetAnnotation(KrmAnnotations.UpstreamIdentifier, value);
        if (obj.GetNode("metadata", "annotations", KrmAnnotations.UpstreamIdentifier) is { } node)
        {
            node.Style = YamlScalarStyle.SingleQuoted;
        }
    }
}
