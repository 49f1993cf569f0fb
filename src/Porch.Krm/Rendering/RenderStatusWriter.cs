using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>Writes the root Kptfile's <c>status</c> after a render: the <c>Rendered</c> condition and <c>renderStatus</c>, re-marshalled as kpt does.</summary>
internal static class RenderStatusWriter
{
    public const string ConditionType = "Rendered";

    /// <summary>Updates <c>Kptfile</c> in <paramref name="files"/>; leaves the files alone when the root Kptfile is gone or unreadable.</summary>
    public static void Apply(Dictionary<string, string> files, string? error, KptRenderStatus steps)
    {
        if (!files.TryGetValue(Kptfile.FileName, out var text))
        {
            return;
        }

        Kptfile kptfile;
        try
        {
            kptfile = Kptfile.Parse(text);
        }
        catch (KrmYamlException)
        {
            return;
        }

        var status = kptfile.Status ?? new KptStatus();
        var condition = error is null
            ? new KptCondition { Type = ConditionType, Status = "True", Reason = "RenderSuccess" }
            : new KptCondition { Type = ConditionType, Status = "False", Reason = "RenderFailed", Message = error };
        var replaced = false;
        for (var i = 0; i < status.Conditions.Count; i++)
        {
            if (status.Conditions[i].Type == ConditionType)
            {
                status.Conditions[i] = condition;
                replaced = true;
                break;
            }
        }

        if (!replaced)
        {
            status.Conditions.Add(condition);
        }

        status.RenderStatus = steps.MutationSteps.Count + steps.ValidationSteps.Count == 0 ? null : steps;
        kptfile.Status = status;
        files[Kptfile.FileName] = kptfile.ToYaml();
    }

    /// <summary>kpt's <c>errorSummary</c>: one line per failed step.</summary>
    public static string? ErrorSummary(KptRenderStatus steps)
    {
        var lines = steps.MutationSteps.Concat(steps.ValidationSteps)
            .Where(s => s.ExitCode != 0 || s.ExecutionError is not null)
            .Select(s => (s.Name ?? s.Image ?? s.Exec ?? "") + ": " + (s.ExecutionError ?? "exit code " + s.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}
