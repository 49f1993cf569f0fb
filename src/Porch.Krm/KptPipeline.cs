namespace Porch.Krm;

/// <summary>Kptfile <c>pipeline</c>: mutators run first, then validators.</summary>
public sealed class KptPipeline
{
    /// <summary><c>mutators</c>.</summary>
    public IList<KptFunction> Mutators { get; } = new List<KptFunction>();

    /// <summary><c>validators</c>.</summary>
    public IList<KptFunction> Validators { get; } = new List<KptFunction>();

    internal static KptPipeline? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.Pipeline", ["mutators", "validators"]);
        var pipeline = new KptPipeline();
        foreach (var (key, list) in new[] { ("mutators", pipeline.Mutators), ("validators", pipeline.Validators) })
        {
            if (node.Get(key) is { Kind: YamlNodeKind.Sequence } items)
            {
                foreach (var item in items.Children)
                {
                    list.Add(KptFunction.Read(item, reader));
                }
            }
        }

        return pipeline;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        foreach (var (key, list) in new[] { ("mutators", Mutators), ("validators", Validators) })
        {
            if (list.Count > 0)
            {
                var seq = YamlNode.Sequence();
                foreach (var fn in list)
                {
                    seq.Add(fn.ToNode());
                }

                map.Set(key, seq);
            }
        }

        return map;
    }
}
