namespace Porch.Krm;

/// <summary>Kptfile <c>status.renderStatus</c>: the steps the last render ran.</summary>
public sealed class KptRenderStatus
{
    /// <summary><c>mutationSteps</c>, in execution order.</summary>
    public IList<KptPipelineStepResult> MutationSteps { get; } = new List<KptPipelineStepResult>();

    /// <summary><c>validationSteps</c>, in execution order.</summary>
    public IList<KptPipelineStepResult> ValidationSteps { get; } = new List<KptPipelineStepResult>();

    /// <summary><c>errorSummary</c>: one line per failed step; only on failure.</summary>
    public string? ErrorSummary { get; set; }

    internal static KptRenderStatus? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.RenderStatus", ["mutationSteps", "validationSteps", "errorSummary"]);
        var status = new KptRenderStatus { ErrorSummary = Kptfile.StrictReader.Str(node, "errorSummary") };
        foreach (var (key, list) in new[] { ("mutationSteps", status.MutationSteps), ("validationSteps", status.ValidationSteps) })
        {
            if (node.Get(key) is { Kind: YamlNodeKind.Sequence } steps)
            {
                foreach (var step in steps.Children)
                {
                    list.Add(KptPipelineStepResult.Read(step, reader));
                }
            }
        }

        return status;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        foreach (var (key, list) in new[] { ("mutationSteps", MutationSteps), ("validationSteps", ValidationSteps) })
        {
            if (list.Count > 0)
            {
                var seq = YamlNode.Sequence();
                foreach (var step in list)
                {
                    seq.Add(step.ToNode());
                }

                map.Set(key, seq);
            }
        }

        Kptfile.SetIf(map, "errorSummary", ErrorSummary);
        return map;
    }
}
