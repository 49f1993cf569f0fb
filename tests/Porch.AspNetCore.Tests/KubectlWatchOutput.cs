using System.Text;

namespace Porch.AspNetCore.Tests;

/// <summary>The output of a <c>kubectl ... -w</c> process that the watch tests read while it runs.</summary>
internal static class KubectlWatchOutput
{
    /// <summary>Waits for <paramref name="signal"/>; the minute is only there so a broken build fails instead of hanging.</summary>
    public static async Task WaitFor(Task signal, StringBuilder output, string what)
    {
        try
        {
            await signal.WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no {what} from kubectl within a minute; it printed:\n{Text(output)}");
        }
    }

    /// <summary>What the process printed so far.</summary>
    public static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
