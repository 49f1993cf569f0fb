using System.Text;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Cli.Output;

/// <summary>
/// What Porch's <c>rpkg push</c> prints on stderr about the server's render (push/command.go with kpt's printer and
/// <c>MultiLineFormatter</c>): the render error if the server kept one, then per function <c>[RUNNING] "image"</c>,
/// <c>[PASS]</c> or <c>[FAIL]</c>, and its results under <c>  Results:</c>, one per line, indented by four.
/// </summary>
internal static class PushReport
{
    public static string Format(RenderStatus? status)
    {
        var sb = new StringBuilder();
        if (status is null)
        {
            return "";
        }

        if (!string.IsNullOrEmpty(status.Error))
        {
            sb.Append("Package is updated, but failed to render the package.\n");
            sb.Append("Error: ").Append(status.Error).Append('\n');
        }

        foreach (var result in status.Result.Items)
        {
            var image = GoString.Quote(result.Image ?? "");
            sb.Append("[RUNNING] ").Append(image).Append('\n');
            sb.Append(result.ExitCode != 0 ? "[FAIL] " : "[PASS] ").Append(image).Append('\n');
            if (result.Results.Count > 0)
            {
                sb.Append("  Results:\n");
                foreach (var item in result.Results)
                {
                    sb.Append("    ").Append(Porch.Cli.Local.RenderReport.ResultText(item).Replace('\n', ' ')).Append('\n');
                }
            }
        }

        return sb.ToString();
    }
}
