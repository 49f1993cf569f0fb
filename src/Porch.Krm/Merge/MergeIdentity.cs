using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// kpt's resource identity for a merge: API group (version ignored), kind, namespace and name (taken from the
/// <c># kpt-merge: &lt;ns&gt;/&lt;name&gt;</c> comment on <c>metadata:</c> when present) and the file path.
/// </summary>
internal readonly record struct MergeIdentity(string Group, string Kind, string Namespace, string Name, string Path)
{
    /// <summary>The prefix of a merge-key comment.</summary>
    public const string CommentPrefix = "kpt-merge:";

    public static MergeIdentity Of(KubeObject obj)
    {
        var fromComment = NamespaceAndName(MetadataComment(obj.Root));
        return new MergeIdentity(
            obj.Group,
            obj.Kind,
            fromComment?.Namespace ?? obj.Namespace,
            fromComment?.Name ?? obj.Name,
            obj.GetAnnotation(KrmAnnotations.Path) ?? "");
    }

    /// <summary>The line comment on the <c>metadata</c> key, or empty.</summary>
    public static string MetadataComment(YamlNode root) => root.GetKeyNode("metadata")?.LineComment ?? "";

    /// <summary>kpt's <c>NsAndNameForMerge</c>: namespace and name from <c># kpt-merge: ns/name</c>, or null.</summary>
    public static (string Namespace, string Name)? NamespaceAndName(string comment)
    {
        var text = comment.StartsWith('#') ? comment[1..] : comment;
        text = text.Trim();
        if (!text.StartsWith(CommentPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        text = text[CommentPrefix.Length..].Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? null : (text[..slash], text[(slash + 1)..]);
    }
}
