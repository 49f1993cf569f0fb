using System.Text;
using Porch.Tests.Shared;

namespace Porch.Starlark.Tests.StarlarkGo;

/// <summary>
/// go.starlark.net's own language tests (<c>../shared/conformance/starlark-go</c>, its <c>starlark/testdata</c>), run
/// chunk by chunk as its <c>TestExecFile</c> (<c>starlark/eval_test.go</c>) runs them: a chunk passes when every
/// <c>### "regexp"</c> expectation is met by the error of executing it, no other error occurs and nothing is
/// reported through <c>assert.star</c>'s <c>error</c>. Files and chunks that are not run are named, with the reason,
/// in <c>starlark-go-files.txt</c>; chunks known to fail are in <c>tests/Shared/conformance-pending.txt</c>.
/// </summary>
public sealed class StarlarkGoSuiteTests
{
    private const string Harness = "starlark-go";

    private static readonly Lazy<Rules> FileRules = new(Rules.Load);

    private static string DataDir => Conformance.PathOf("starlark-go");

    public static TheoryData<string, int> Chunks()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in Directory.GetFiles(DataDir, "*.star").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (FileRules.Value.Skipped.ContainsKey(file))
            {
                continue;
            }

            foreach (var chunk in ChunkedFile.Read(path))
            {
                data.Add(file, chunk.Line);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void TestExecFile_Chunk(string file, int line)
    {
        var chunk = ChunkedFile.Read(Path.Combine(DataDir, file)).Single(c => c.Line == line);
        if (FileRules.Value.Excluded.TryGetValue(file + ":" + line, out var why))
        {
            // Excluded on purpose: it must still fail, so the exclusion goes once it passes.
            var failures = RunChunk(chunk);
            Assert.True(failures.Count > 0, $"{file}:{line} now passes: remove its exclusion ({why}) from starlark-go-files.txt");
            return;
        }

        PendingConformance.Run(Harness, "starlark-go/" + file + ":" + line, () =>
        {
            var failures = RunChunk(chunk);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        });
    }

    [Fact]
    public void SkippedFiles_ExistAndHaveReasons()
    {
        foreach (var (file, reason) in FileRules.Value.Skipped)
        {
            Assert.True(File.Exists(Path.Combine(DataDir, file)), file + " is skipped but not in the data folder");
            Assert.False(string.IsNullOrWhiteSpace(reason), file);
        }

        Assert.True(FileRules.Value.Excluded.Count <= 3, "at most three chunks may be excluded on purpose");
    }

    /// <summary>Runs one chunk and returns its failures (empty when it passes), as chunkedfile and TestExecFile report them.</summary>
    internal static List<string> RunChunk(Chunk chunk)
    {
        var failures = new List<string>(chunk.Problems);
        var want = new Dictionary<int, System.Text.RegularExpressions.Regex>(chunk.WantErrors);
        var host = new StarlarkGoHost(DataDir, chunk.File);
        var thread = new StarlarkThread(StarlarkGoHost.OptionsFor(chunk.Source)) { LoadHandler = host.Load };
        try
        {
            thread.ExecFile(chunk.File, chunk.Source, StarlarkGoHost.Predeclared());
        }
        catch (StarlarkEvalException e)
        {
            var frame = e.CallStack.Reverse().Cast<StarlarkCallFrame?>().FirstOrDefault(f => f!.Value.Position.File == chunk.File);
            if (frame is null)
            {
                failures.Add(e.Backtrace());
            }
            else
            {
                var errLine = frame.Value.Position.Line;
                if (want.Remove(errLine, out var rx))
                {
                    if (!rx.IsMatch(e.ErrorMessage))
                    {
                        failures.Add($"{chunk.File}:{errLine}: error \"{e.ErrorMessage}\" does not match pattern \"{rx}\"");
                    }
                }
                else
                {
                    failures.Add($"{chunk.File}:{errLine}: unexpected error: {e.ErrorMessage}\n{e.Backtrace()}");
                }
            }
        }
        catch (StarlarkSyntaxException e)
        {
            failures.Add(e.Message);
        }

        failures.AddRange(host.Reported);
        foreach (var (errLine, rx) in want)
        {
            failures.Add($"{chunk.File}:{errLine}: expected error matching \"{rx}\"");
        }

        return failures;
    }

    private sealed class Rules
    {
        public Dictionary<string, string> Skipped { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Excluded { get; } = new(StringComparer.Ordinal);

        public static Rules Load()
        {
            var rules = new Rules();
            foreach (var raw in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "starlark-go-files.txt"), Encoding.UTF8))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3)
                {
                    throw new InvalidOperationException("starlark-go-files.txt: a line needs a verb, a name and a reason: " + line);
                }

                var target = parts[0] switch
                {
                    "skip" => rules.Skipped,
                    "exclude" => rules.Excluded,
                    _ => throw new InvalidOperationException("starlark-go-files.txt: unknown verb: " + line),
                };
                target[parts[1]] = parts[2];
            }

            return rules;
        }
    }
}
