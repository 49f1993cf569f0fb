using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Engine.Api;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Krm.Rendering;
using Porch.Tests.Shared;

namespace Porch.Cli.Tests;

/// <summary>
/// <c>porchctl fn render</c> over the visible kpt-render conformance cases, through the same harness and expectations
/// as the library (tests/Shared/RenderConformance.cs): the renderer under test is the tool, run as a process.
/// </summary>
public sealed class FnRenderConformanceTests
{
    /// <summary>kpt's e2e helper images (no-op, drop-comments) are test stubs, not functions porchctl ships.</summary>
    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        "set-namespace", "apply-replacements", "set-labels", "set-annotations", "apply-setters", "search-replace", "ensure-name-substring", "starlark",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in RenderConformance.AllCases().Where(c => c.StartsWith("kpt-render/", StringComparison.Ordinal) && RenderConformance.FunctionsUsedBy(c).All(Builtins.Contains)))
        {
            data.Add(c);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FnRender_ConformanceCase_MatchesLibraryExpectations(string caseName)
    {
        await PendingConformance.RunAsync("porchctl", caseName, () => RenderConformance.RunAsync(caseName, new ProcessRenderer(caseName[(caseName.LastIndexOf('/') + 1)..]), Array.Empty<IFunctionRuntime>(), RunScriptAsync));
    }

    /// <summary>kpt's runner runs exec.sh with bash in the package folder; here <c>kpt</c> on the PATH is porchctl.</summary>
    private static async Task<(int ExitCode, string Stderr)> RunScriptAsync(string workDir, string script) =>
        await RunScriptWithOutputAsync(workDir, script) is var run ? (run.ExitCode, run.Stderr) : default;

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunScriptWithOutputAsync(string workDir, string script)
    {
        var bin = Directory.CreateTempSubdirectory("porchctl-as-kpt-").FullName;
        try
        {
            var shim = Path.Combine(bin, "kpt");
            await File.WriteAllTextAsync(shim, "#!/bin/sh\nexec dotnet \"" + Porchctl.Dll + "\" \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var psi = new System.Diagnostics.ProcessStartInfo("bash")
            {
                WorkingDirectory = workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(script);
            psi.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
            psi.Environment["KUBECONFIG"] = "/dev/null/none";
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public void Cases_CoverMostKptRenderCases()
    {
        Assert.True(Cases().Count >= 12, "expected the visible kpt-render cases, found " + Cases().Count);
    }

    /// <summary>
    /// Every kpt-render case whose config names kpt's stderr or stdout: porchctl prints that stderr text (after the case's
    /// strip lines) and that stdout (trimmed, as kpt's runner compares it).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FnRender_CaseWithStdErr_PrintsKptLog(string caseName)
    {
        var config = Path.Combine(Conformance.PathOf(caseName), ".expected", "config.yaml");
        var root = File.Exists(config) ? KrmYaml.ReadDocument(File.ReadAllText(config), "config.yaml").Root : null;
        var expected = root?.Get("stdErr") is { Kind: YamlNodeKind.Scalar } e ? e : null;
        if (root is null || (expected is null && root.Get("stdOut") is null))
        {
            return;
        }

        var leaf = caseName[(caseName.LastIndexOf('/') + 1)..];
        var work = Directory.CreateTempSubdirectory("porchctl-stderr-").FullName;
        try
        {
            Copy(Conformance.PathOf(caseName), Path.Combine(work, leaf));
            await PendingConformance.RunAsync("porchctl-stderr", caseName, async () =>
            {
            var execScript = Path.Combine(Conformance.PathOf(caseName), ".expected", "exec.sh");
            (int ExitCode, string Stdout, string Stderr) result;
            if (File.Exists(execScript))
            {
                result = await RunScriptWithOutputAsync(Path.Combine(work, leaf), execScript);
            }
            else
            {
                var run = await Porchctl.RunAsync(work, null, "fn", "render", leaf);
                result = (run.ExitCode, run.Stdout, run.Stderr);
            }

            // kpt's e2e runner compares stdout, trimmed, when the case names it (the out-of-place cases' ResourceLists).
            if (root.Get("stdOut") is { Kind: YamlNodeKind.Scalar } stdOut)
            {
                Assert.True(stdOut.Value.Trim() == result.Stdout.Trim(), $"{caseName}: stdout differs\n--- expected\n{stdOut.Value}\n--- actual\n{result.Stdout}");
            }

            var strip = root.Get("stdErrStripLines")?.Children.Select(c => c.Value).ToHashSet(StringComparer.Ordinal) ?? [];
            var actual = string.Join('\n', result.Stderr.Split('\n').Where(l => !strip.Contains(l)));
            // The library harness's normalisation: porchctl prints the renderer's whole error chain after "Error: "
            // (kpt prints the innermost cause), and names files relative to the package rather than kpt's working folder.
            var wanted = expected?.Value.Trim() ?? "";
            if (wanted.StartsWith("Error: ", StringComparison.Ordinal))
            {
                wanted = wanted["Error: ".Length..];
            }

            wanted = wanted.Replace(leaf + "/", "", StringComparison.Ordinal);

            Assert.True(actual.Contains(wanted, StringComparison.Ordinal), $"{caseName}: stderr lacks the expected text\n--- expected\n{wanted}\n--- actual\n{actual}");
            var exitCode = int.TryParse(root.Get("exitCode")?.Value, out var code) ? code : 0;
            Assert.Equal(exitCode, result.ExitCode);
            });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith(".expected", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>An <see cref="IPackageRenderer"/> that writes the files to a folder, runs <c>porchctl fn render</c> on it and reads the folder back.</summary>
    private sealed class ProcessRenderer(string packageName) : IPackageRenderer
    {
        public async Task<PackageRenderResult> RenderAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
        {
            var work = Directory.CreateTempSubdirectory("porchctl-render-").FullName;
            try
            {
                var dir = Path.Combine(work, packageName);
                foreach (var (path, text) in files)
                {
                    var full = Path.Combine(dir, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    await File.WriteAllTextAsync(full, text, cancellationToken);
                }

                var result = await Porchctl.RunAsync(work, null, "fn", "render", packageName, "--results-dir", Path.Combine(work, "results"));
                var output = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
                {
                    output[Path.GetRelativePath(dir, file).Replace('\\', '/')] = await File.ReadAllTextAsync(file, cancellationToken);
                }

                var resultsFile = Path.Combine(work, "results", "results.yaml");
                Assert.True(File.Exists(resultsFile), "porchctl wrote no results.yaml: " + result);
                var json = ToJson(KrmYaml.ReadDocument(await File.ReadAllTextAsync(resultsFile, cancellationToken), "results.yaml").Root);
                var results = json.Deserialize(PorchJsonContext.Default.FunctionResultList)!;
                Assert.True(result.ExitCode is 0 or 1, "unexpected exit code: " + result);
                return new PackageRenderResult(output, results, result.ExitCode == 0 ? null : result.Stderr);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static JsonNode? ToJson(YamlNode node) => node.Kind switch
        {
            YamlNodeKind.Mapping => new JsonObject(node.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToJson(e.Value)))),
            YamlNodeKind.Sequence => new JsonArray(node.Children.Select(ToJson).ToArray()),
            _ when node.IsNull => null,
            _ when node.Style == YamlScalarStyle.Plain && long.TryParse(node.Value, out var n) => JsonValue.Create(n),
            _ when node.Style == YamlScalarStyle.Plain && node.Value is "true" or "false" => JsonValue.Create(node.Value == "true"),
            _ => JsonValue.Create(node.Value),
        };
    }
}
