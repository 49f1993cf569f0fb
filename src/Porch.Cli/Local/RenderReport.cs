using System.Globalization;
using System.Text;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Cli.Local;

/// <summary>
/// kpt's function log on stderr: a <c>Package "name":</c> header per package, <c>[RUNNING]</c> and
/// <c>[PASS]</c>/<c>[FAIL]</c> per call with its results, stderr and exit code, and the closing
/// <c>Successfully executed N function(s) in M package(s).</c> line.
/// </summary>
internal static class RenderReport
{
    /// <summary>Formats the log of one render or eval.</summary>
    /// <param name="rootName">How the root package is named (the folder name as given on the command line).</param>
    /// <param name="files">The package files, for the Kptfile pipelines (whether a call used selectors).</param>
    /// <param name="calls">The calls as the renderer started them.</param>
    /// <param name="results">The results, one item per call, in the same order.</param>
    /// <param name="finished">When the render finished, on the recorder's clock.</param>
    public static string Format(string rootName, IReadOnlyDictionary<string, string> files, IReadOnlyList<FunctionCallRecorder.FunctionCall> calls, FunctionResultList results, TimeSpan finished)
    {
        var sb = new StringBuilder();
        string? currentPackage = null;
        var indexInPackage = 0;
        for (var i = 0; i < results.Items.Count; i++)
        {
            var item = results.Items[i];
            var call = i < calls.Count ? calls[i] : null;
            var package = call?.Package ?? ".";
            if (package != currentPackage)
            {
                if (currentPackage is not null)
                {
                    sb.Append('\n');
                }

                sb.Append("Package \"").Append(DisplayName(rootName, package)).Append("\":\n");
                currentPackage = package;
                indexInPackage = 0;
            }

            var image = item.Image ?? item.ExecPath ?? call?.Image ?? "";
            sb.Append("[RUNNING] \"").Append(image).Append('"');
            if (call is not null && UsesSelectors(files, package, indexInPackage))
            {
                sb.Append(" on ").Append(call.ItemCount.ToString(CultureInfo.InvariantCulture)).Append(" resource(s)");
            }

            sb.Append(" on package \"").Append(DisplayName(rootName, package)).Append("\"\n");
            var ended = i + 1 < calls.Count ? calls[i + 1].Started : finished;
            var duration = call is null ? TimeSpan.Zero : ended - call.Started;
            sb.Append(item.ExitCode == 0 ? "[PASS] \"" : "[FAIL] \"").Append(image).Append("\" in ").Append(GoSeconds(duration)).Append('\n');
            AppendDetails(sb, item, "  ");
            indexInPackage++;
        }

        return sb.ToString();
    }

    /// <summary>The results, stderr and exit code of one call, indented as kpt prints them.</summary>
    public static void AppendDetails(StringBuilder sb, FunctionResult item, string indent)
    {
        if (item.Results.Count > 0)
        {
            sb.Append(indent).Append("[Results]:\n");
            foreach (var result in item.Results)
            {
                sb.Append(indent).Append("  ").Append(ResultText(result)).Append('\n');
            }
        }

        if (!string.IsNullOrEmpty(item.Stderr))
        {
            sb.Append(indent).Append("Stderr:\n");
            foreach (var line in item.Stderr.TrimEnd('\n').Split('\n'))
            {
                sb.Append(indent).Append("  ").Append(line).Append('\n');
            }
        }

        if (item.ExitCode != 0)
        {
            sb.Append(indent).Append("Exit code: ").Append(item.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    /// <summary>
    /// kyaml's framework Result.String, which kpt prints (and porchctl push, whose <c>str</c> has the same form): <c>[severity] apiVersion/kind/namespace/name field.path: message</c>,
    /// the severity defaulting to info, the resource's empty parts and a missing resource left out, the field path (even
    /// empty) whenever the result names a field.
    /// </summary>
    internal static string ResultText(ResultItem result)
    {
        var text = new StringBuilder("[").Append(string.IsNullOrEmpty(result.Severity) ? "info" : result.Severity).Append(']');
        if (result.ResourceRef is { } r)
        {
            var id = string.Join('/', new[] { r.ApiVersion, r.Kind, r.Namespace, r.Name }.Where(s => !string.IsNullOrEmpty(s)));
            if (id.Length > 0)
            {
                text.Append(' ').Append(id);
            }
        }

        if (result.Field is { } field)
        {
            text.Append(' ').Append(field.Path);
        }

        return text.Append(": ").Append(result.Message).ToString();
    }

    private static string DisplayName(string rootName, string package) => package == "." ? rootName : rootName + "/" + package;

    private static bool UsesSelectors(IReadOnlyDictionary<string, string> files, string package, int index)
    {
        var path = package == "." ? Kptfile.FileName : package + "/" + Kptfile.FileName;
        if (!files.TryGetValue(path, out var text))
        {
            return false;
        }

        try
        {
            var pipeline = Kptfile.Parse(text, path).Pipeline;
            var functions = pipeline is null ? [] : pipeline.Mutators.Concat(pipeline.Validators).ToList();
            return index < functions.Count && functions[index].Selectors.Count + functions[index].Exclude.Count > 0;
        }
        catch (Porch.Krm.KrmYamlException)
        {
            return false;
        }
    }

    /// <summary>A duration truncated to whole seconds in Go's form (<c>0s</c>, <c>12s</c>, <c>1m5s</c>, <c>1h0m0s</c>).</summary>
    public static string GoSeconds(TimeSpan duration)
    {
        var total = (long)Math.Max(0, Math.Floor(duration.TotalSeconds));
        var hours = total / 3600;
        var minutes = total % 3600 / 60;
        var seconds = total % 60;
        return hours > 0 ? FormattableString.Invariant($"{hours}h{minutes}m{seconds}s")
            : minutes > 0 ? FormattableString.Invariant($"{minutes}m{seconds}s")
            : FormattableString.Invariant($"{seconds}s");
    }
}
