using System.Text;

namespace Porch.Cli.Output;

/// <summary>
/// kubectl's column layout (printers.GetNewTabWriter: tabwriter with minimum width 6 and padding 3): each column as
/// wide as its widest cell plus three spaces, at least six, the last one unpadded.
/// </summary>
internal static class TextTable
{
    public static string Format(IReadOnlyList<string>? headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var all = headers is null ? rows : [headers, .. rows];
        if (all.Count == 0)
        {
            return "";
        }

        var columns = all.Max(r => r.Count);
        var widths = new int[columns];
        foreach (var row in all)
        {
            for (var i = 0; i < row.Count; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var sb = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < row.Count; i++)
            {
                sb.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(Math.Max(widths[i] + 3, 6)));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
