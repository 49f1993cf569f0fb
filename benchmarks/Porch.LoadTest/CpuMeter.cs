using System.Globalization;

namespace Porch.LoadTest;

/// <summary>
/// CPU time spent during the timed run, read from Linux's /proc: the servers (with the git processes they started and
/// reaped), PostgreSQL's processes, this process, and the whole machine. Elsewhere it measures nothing and says so.
/// </summary>
internal sealed class CpuMeter
{
    private readonly IReadOnlyList<int> _servers;
    private readonly Sample _start;

    private CpuMeter(IReadOnlyList<int> servers)
    {
        _servers = servers;
        _start = Take(servers);
    }

    /// <summary>Starts measuring; <paramref name="serverProcessIds"/> are the server processes started by the load test.</summary>
    public static CpuMeter Start(IReadOnlyList<int> serverProcessIds) => new(serverProcessIds);

    /// <summary>One line: CPU milliseconds per operation by part, or why there are none.</summary>
    public string Describe(int operations)
    {
        if (!File.Exists("/proc/stat"))
        {
            return "cpu: not measured (no /proc on this system)";
        }

        var end = Take(_servers);
        double PerOperation(double ticks) => ticks * 1000.0 / TicksPerSecond / Math.Max(1, operations);
        var cores = Environment.ProcessorCount;
        var servers = _start.Servers.Zip(end.Servers, (before, after) => (after ?? before ?? default).Ticks - (before ?? default).Ticks).Sum();
        var children = _start.Servers.Zip(end.Servers, (before, after) => (after ?? before ?? default).ChildTicks - (before ?? default).ChildTicks).Sum();
        var ended = end.Servers.Count(t => t is null);
        return string.Create(CultureInfo.InvariantCulture,
            $"cpu per operation: servers {PerOperation(servers):F1} ms (of which their git processes {PerOperation(children):F1} ms{(ended > 0 ? $"; {ended} ended during the run and not counted" : "")}), " +
            $"PostgreSQL {PerOperation(end.Postgres - _start.Postgres):F1} ms, load test {PerOperation(end.Self - _start.Self):F1} ms, " +
            $"whole machine {PerOperation(end.Machine - _start.Machine):F1} ms on {cores} cores ({PerOperation(end.Idle - _start.Idle):F1} ms idle)");
    }

    // USER_HZ: 100 on every Linux the runtime supports.
    private const double TicksPerSecond = 100;

    private static Sample Take(IReadOnlyList<int> servers)
    {
        if (!File.Exists("/proc/stat"))
        {
            return new Sample([], 0, 0, 0, 0);
        }

        long machine = 0, idle = 0;
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // user nice system idle iowait irq softirq steal
        for (var i = 1; i <= Math.Min(8, cpu.Length - 1); i++)
        {
            var value = long.Parse(cpu[i], CultureInfo.InvariantCulture);
            if (i is 4 or 5)
            {
                idle += value;
            }
            else
            {
                machine += value;
            }
        }

        long postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { Command: "postgres" } process)
            {
                postgres += process.Ticks;
            }
        }

        return new Sample(
            servers.Select(pid => Read(pid) is { } server ? (server.Ticks, server.ChildTicks) : ((long, long)?)null).ToArray(),
            postgres,
            Read(Environment.ProcessId) is { } self ? self.Ticks - self.ChildTicks : 0, // not the servers it reaps (a killed replica)
            machine,
            idle);
    }

    // utime + stime + cutime + cstime of /proc/PID/stat (fields 14-17), the last two (reaped children) also apart; the
    // command name is field 2, in parentheses.
    private static (string Command, long Ticks, long ChildTicks)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');

        // fields[0] is field 3 (state), so field N is fields[N - 3].
        long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        var children = Field(16) + Field(17);
        return (text[(open + 1)..close], Field(14) + Field(15) + children, children);
    }

    private readonly record struct Sample((long Ticks, long ChildTicks)?[] Servers, long Postgres, long Self, long Machine, long Idle);
}
