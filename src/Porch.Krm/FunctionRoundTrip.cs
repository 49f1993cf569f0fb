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
        if (node.Children.Count > 0)
        {
            KrmLimits.CheckDepth(depth);
        }

        switch (node.Kind)
        {
            case YamlNodeKind.Scalar when node.Style == YamlScalarStyle.Folded:
                node.Style = YamlScalarStyle.DoubleQuoted;
                break;
            case YamlNodeKind.Mapping:
                if (isSequenceItem && string.IsNullOrEmpty(node.HeadComment) && node.Children.Count > 0 && !string.IsNullOrEmpty(node.Children[0].HeadComment))
                {
                    node.HeadComment = node.Children[0].HeadComment;
                }

                for (var i = 0; i < node.Children.Count; i++)
                {
                    Visit(node.Children[i], isSequenceItem: false, depth + 1);
                }

                break;
            case YamlNodeKind.Sequence:
                for (var i = 0; i < node.Children.Count; i++)
                {
                    Visit(node.Children[i], isSequenceItem: true, depth + 1);
                }

                break;
        }
    }
}
