namespace Porch.Krm;

/// <summary>
/// The visible effects that kpt's function runner has on a resource passed through a function and back
/// (comment copy, key-order sync, folded-scalar workaround), applied in place.
/// </summary>
internal static class FunctionRoundTrip
{
    public static void Apply(YamlDocument doc)
    {
        var root = doc.Root;
        if (!string.IsNullOrEmpty(doc.HeadComment) && root.Kind == YamlNodeKind.Mapping && root.Children.Count > 0)
        {
            var first = root.Children[0];
            first.HeadComment = string.IsNullOrEmpty(first.HeadComment) ? doc.HeadComment : doc.HeadComment + "\n" + first.HeadComment;
            doc.HeadComment = null;
        }

        Visit(root, isSequenceItem: false, 1);
    }

    private static void Visit(YamlNode node, bool isSequenceItem, int depth)
    {
        var kids = node.ChildSpan;
        if (kids.Length > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        switch (node.Kind)
        {
            case YamlNodeKind.Scalar when node.Style == YamlScalarStyle.Folded:
                node.Style = YamlScalarStyle.DoubleQuoted;
                break;
            case YamlNodeKind.Mapping:
                if (isSequenceItem && kids.Length > 0 && string.IsNullOrEmpty(node.HeadComment) && !string.IsNullOrEmpty(kids[0].HeadComment))
                {
                    node.HeadComment = kids[0].HeadComment;
                }

                foreach (var child in kids)
                {
                    Visit(child, isSequenceItem: false, depth + 1);
                }

                break;
            case YamlNodeKind.Sequence:
                foreach (var child in kids)
                {
                    Visit(child, isSequenceItem: true, depth + 1);
                }

                break;
        }
    }
}
