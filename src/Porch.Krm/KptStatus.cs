namespace Porch.Krm;

/// <summary>Kptfile <c>status</c>: conditions and the last render's outcome.</summary>
public sealed class KptStatus
{
    /// <summary><c>conditions</c>.</summary>
    public IList<KptCondition> Conditions { get; } = new List<KptCondition>();

    /// <summary><c>renderStatus</c>, or null when no step ran.</summary>
    public KptRenderStatus? RenderStatus { get; set; }

    internal static KptStatus? Read(YamlNode? node, Kptfile.StrictReader reader)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        reader.Fields(node, "v1.Status", ["conditions", "renderStatus"]);
        var status = new KptStatus { RenderStatus = KptRenderStatus.Read(node.Get("renderStatus"), reader) };
        if (node.Get("conditions") is { Kind: YamlNodeKind.Sequence } conditions)
        {
            foreach (var c in conditions.Children)
            {
                reader.Fields(c, "v1.Condition", ["type", "status", "reason", "message"]);
                status.Conditions.Add(new KptCondition
                {
                    Type = Kptfile.StrictReader.Str(c, "type") ?? "",
                    Status = Kptfile.StrictReader.Str(c, "status") ?? "",
                    Reason = Kptfile.StrictReader.Str(c, "reason"),
                    Message = Kptfile.StrictReader.Str(c, "message"),
                });
            }
        }

        return status;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        if (Conditions.Count > 0)
        {
            var seq = YamlNode.Sequence();
            foreach (var c in Conditions)
            {
                var item = YamlNode.Mapping();
                item.Set("type", Kptfile.GoString(c.Type));
                item.Set("status", Kptfile.GoString(c.Status));
                Kptfile.SetIf(item, "reason", c.Reason);
                Kptfile.SetIf(item, "message", c.Message);
                seq.Add(item);
            }

            map.Set("conditions", seq);
        }

        Kptfile.AddIf(map, "renderStatus", RenderStatus?.ToNode());
        return map;
    }
}
