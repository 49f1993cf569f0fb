using System.Globalization;

namespace Porch.Krm;

/// <summary>The outcome of one pipeline step in <c>status.renderStatus</c>.</summary>
public sealed class KptPipelineStepResult
{
    /// <summary><c>name</c> of the step.</summary>
    public string? Name { get; set; }

    /// <summary><c>image</c> of the step.</summary>
    public string? Image { get; set; }

    /// <summary><c>exec</c> of the step.</summary>
    public string? Exec { get; set; }

    /// <summary><c>executionError</c>: why the step could not run.</summary>
    public string? ExecutionError { get; set; }

    /// <summary><c>stderr</c> of the function.</summary>
    public string? Stderr { get; set; }

    /// <summary><c>exitCode</c> (always written).</summary>
    public int ExitCode { get; set; }

    /// <summary><c>results</c>.</summary>
    public IList<KrmResult> Results { get; } = new List<KrmResult>();

    /// <summary><c>errorResults</c>: the results with severity <c>error</c>.</summary>
    public IList<KrmResult> ErrorResults { get; } = new List<KrmResult>();

    internal static KptPipelineStepResult Read(YamlNode node, Kptfile.StrictReader reader)
    {
        reader.Fields(node, "v1.PipelineStepResult", ["name", "image", "exec", "executionError", "stderr", "exitCode", "results", "errorResults"]);
        var step = new KptPipelineStepResult
        {
            Name = Kptfile.StrictReader.Str(node, "name"),
            Image = Kptfile.StrictReader.Str(node, "image"),
            Exec = Kptfile.StrictReader.Str(node, "exec"),
            ExecutionError = Kptfile.StrictReader.Str(node, "executionError"),
            Stderr = Kptfile.StrictReader.Str(node, "stderr"),
            ExitCode = Kptfile.StrictReader.Int(node, "exitCode"),
        };
        foreach (var (key, list) in new[] { ("results", step.Results), ("errorResults", step.ErrorResults) })
        {
            if (node.Get(key) is { Kind: YamlNodeKind.Sequence } items)
            {
                foreach (var item in items.Children)
                {
                    list.Add(KrmResult.FromNode(item));
                }
            }
        }

        return step;
    }

    internal YamlNode ToNode()
    {
        var map = YamlNode.Mapping();
        Kptfile.SetIf(map, "name", Name);
        Kptfile.SetIf(map, "image", Image);
        Kptfile.SetIf(map, "exec", Exec);
        Kptfile.SetIf(map, "executionError", ExecutionError);
        Kptfile.SetIf(map, "stderr", Stderr);
        map.Set("exitCode", YamlNode.Scalar(ExitCode.ToString(CultureInfo.InvariantCulture), YamlScalarStyle.Plain));
        foreach (var (key, list) in new[] { ("results", Results), ("errorResults", ErrorResults) })
        {
            if (list.Count > 0)
            {
                var seq = YamlNode.Sequence();
                foreach (var r in list)
                {
                    seq.Add(r.ToNode());
                }

                map.Set(key, seq);
            }
        }

        return map;
    }
}
