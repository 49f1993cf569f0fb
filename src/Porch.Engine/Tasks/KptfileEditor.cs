using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Engine.Tasks;

/// <summary>
/// Changes the root Kptfile of a package the way Porch does when the PackageRevision spec carries package metadata,
/// readiness gates or conditions; rewrites the file only when something changed, keeping its formatting.
/// </summary>
internal static class KptfileEditor
{
    public static void Apply(
        Dictionary<string, string> files,
        PackageMetadata? metadata,
        bool replaceMetadata,
        IReadOnlyList<ReadinessGate>? readinessGates,
        IReadOnlyList<Condition>? conditions)
    {
        var nothingToDo = (metadata is null || (metadata.Labels.Count == 0 && metadata.Annotations.Count == 0 && !replaceMetadata)) &&
            readinessGates is not { Count: > 0 } && conditions is null;
        if (nothingToDo || !files.TryGetValue(Kptfile.FileName, out var text))
        {
            return;
        }

        var kptfile = KubeObject.Parse(text, Kptfile.FileName);
        var changed = false;
        if (metadata is not null)
        {
            changed |= ApplyMap(kptfile, "labels", metadata.Labels, replaceMetadata);
            changed |= ApplyMap(kptfile, "annotations", metadata.Annotations, replaceMetadata);
        }

        if (readinessGates is { Count: > 0 })
        {
            changed |= ApplyReadinessGates(kptfile, readinessGates);
        }

        if (conditions is not null)
        {
            changed |= ApplyConditions(kptfile, conditions);
        }

        if (changed)
        {
            files[Kptfile.FileName] = kptfile.ToYaml();
        }
    }

    private static bool ApplyMap(KubeObject kptfile, string field, Dictionary<string, string> wanted, bool replace)
    {
        var current = field == "labels" ? kptfile.Labels : kptfile.Annotations;
        var changed = false;
        if (replace)
        {
            foreach (var key in current.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                kptfile.Remove("metadata", field, key);
                changed = true;
            }

            if (wanted.Count == 0 && kptfile.GetNode("metadata", field) is { Count: 0 })
            {
                kptfile.Remove("metadata", field);
            }
        }

        foreach (var (key, value) in wanted.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(key, out var old) || old != value)
            {
                kptfile.SetString(value, "metadata", field, key);
                changed = true;
            }
        }

        return changed;
    }

    private static bool ApplyReadinessGates(KubeObject kptfile, IReadOnlyList<ReadinessGate> gates)
    {
        var wanted = gates.Select(g => g.ConditionType ?? "").Where(t => t.Length > 0).ToList();
        var existing = kptfile.GetNode("info", "readinessGates");
        var current = existing is { Kind: YamlNodeKind.Sequence }
            ? existing.Children.Select(c => c.Get("conditionType")?.Value ?? "").ToList()
            : [];
        if (current.SequenceEqual(wanted, StringComparer.Ordinal))
        {
            return false;
        }

        var seq = YamlNode.Sequence();
        foreach (var type in wanted)
        {
            var item = YamlNode.Mapping();
            item.SetString("conditionType", type);
            seq.Add(item);
        }

        kptfile.SetNode(seq, "info", "readinessGates");
        return true;
    }

    private static bool ApplyConditions(KubeObject kptfile, IReadOnlyList<Condition> conditions)
    {
        var seq = YamlNode.Sequence();
        foreach (var c in conditions)
        {
            var item = YamlNode.Mapping();
            item.SetString("type", c.Type);
            item.SetString("status", c.Status.ToString());
            if (!string.IsNullOrEmpty(c.Reason))
            {
                item.SetString("reason", c.Reason);
            }

            if (!string.IsNullOrEmpty(c.Message))
            {
                item.SetString("message", c.Message);
            }

            seq.Add(item);
        }

        var existing = kptfile.GetNode("status", "conditions");
        if (existing is null && conditions.Count == 0)
        {
            return false;
        }

        if (existing is not null && existing.ContentEquals(seq))
        {
            return false;
        }

        if (conditions.Count == 0)
        {
            kptfile.Remove("status", "conditions");
            if (kptfile.GetNode("status") is { Count: 0 })
            {
                kptfile.Remove("status");
            }
        }
        else
        {
            kptfile.SetNode(seq, "status", "conditions");
        }

        return true;
    }
}
