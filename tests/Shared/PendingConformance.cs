namespace Porch.Tests.Shared;

/// <summary>
/// The ledger of conformance cases known not to pass yet (<c>tests/Shared/conformance-pending.txt</c>): each line names
/// a harness, a case, the issue that will make it pass and why it fails today. A listed case is still run and must
/// still fail; once it passes, the test fails until its line is removed, so the ledger can only shrink honestly. A case
/// not listed must pass. Every other case added to ../shared/conformance runs with no change here.
/// </summary>
internal static class PendingConformance
{
    private const string LedgerName = "tests/Shared/conformance-pending.txt";

    private static readonly Lazy<IReadOnlyDictionary<(string Harness, string Case), string>> Entries = new(Load);

    /// <summary>Returns why <paramref name="caseName"/> is pending under <paramref name="harness"/>, or null when it must pass.</summary>
    public static string? Reason(string harness, string caseName) =>
        Entries.Value.TryGetValue((harness, caseName), out var reason) ? reason : null;

    /// <summary>The cases pending under <paramref name="harness"/>.</summary>
    public static IReadOnlySet<string> Cases(string harness) =>
        Entries.Value.Keys.Where(k => k.Harness == harness).Select(k => k.Case).ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs a case: a case that is not pending must pass; a pending case must still fail.</summary>
    public static async Task RunAsync(string harness, string caseName, Func<Task> run)
    {
        var reason = Reason(harness, caseName);
        if (reason is null)
        {
            await run();
            return;
        }

        try
        {
            await run();
        }
#pragma warning disable CA1031 // A pending case may fail in any way; every failure counts as "still failing".
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        Assert.Fail(NowPasses(harness, caseName, reason));
    }

    /// <summary>Synchronous form of <see cref="RunAsync"/>.</summary>
    public static void Run(string harness, string caseName, Action run)
    {
        var reason = Reason(harness, caseName);
        if (reason is null)
        {
            run();
            return;
        }

        try
        {
            run();
        }
#pragma warning disable CA1031 // A pending case may fail in any way; every failure counts as "still failing".
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        Assert.Fail(NowPasses(harness, caseName, reason));
    }

    private static string NowPasses(string harness, string caseName, string reason) =>
        $"{caseName} now passes under the {harness} harness: remove its line from {LedgerName} ({reason})";

    private static IReadOnlyDictionary<(string Harness, string Case), string> Load()
    {
        var path = Path.Combine(TestPaths.RepoRoot(), LedgerName);
        var entries = new Dictionary<(string, string), string>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
            {
                throw new InvalidOperationException($"{LedgerName}: a line needs a harness, a case and a reason: {line}");
            }

            entries[(parts[0], parts[1])] = parts[2];
        }

        return entries;
    }
}
