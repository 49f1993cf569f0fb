#if PORCH_ENGINE
using System.Text;
using System.Text.Json;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Krm.Rendering;

namespace Porch.Tests.Shared;

/// <summary>
/// The kpt render conformance harness (../shared/conformance/README.md; kpt's <c>pkg/test/runner</c>): each case folder
/// with an <c>.expected/</c> sub-folder under <c>kpt-fn/</c> and <c>kpt-render/</c> is copied to a temporary git
/// repository, committed, rendered (or evaluated), committed again, and the <c>git diff</c>, the results, the exit
/// code and the error text are compared with the expectations; each case runs twice to catch non-determinism.
/// </summary>
internal static class RenderConformance
{
    /// <summary>The suites under ../shared/conformance that hold render and function cases.</summary>
    public static readonly string[] Suites = ["kpt-fn", "kpt-render"];

    /// <summary>Cases without <c>.expected/</c> upstream that the README asks harnesses to use as smoke tests.</summary>
    public static readonly string[] SmokeCases = ["kpt-render/no-pipeline", "kpt-render/empty-pipeline", "kpt-render/krmignore"];

    /// <summary>Every case, as its path below ../shared/conformance (e.g. <c>kpt-fn/set-labels/tests/empty-resource</c>).</summary>
    public static IReadOnlyList<string> AllCases()
    {
        var cases = new List<string>();
        foreach (var suite in Suites)
        {
            var root = Conformance.PathOf(suite);
            foreach (var expected in Directory.GetDirectories(root, ".expected", SearchOption.AllDirectories))
            {
                cases.Add(Path.GetRelativePath(Conformance.PathOf(), Path.GetDirectoryName(expected)!).Replace('\\', '/'));
            }
        }

        cases.AddRange(SmokeCases.Where(c => Directory.Exists(Conformance.PathOf(c))));
        return cases.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The function names (image name without registry and tag) a case's Kptfiles and eval config use.</summary>
    public static IReadOnlySet<string> FunctionsUsedBy(string caseName)
    {
        var dir = Conformance.PathOf(caseName);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var files = Directory.GetFiles(dir, "Kptfile", SearchOption.AllDirectories).Where(f => !f.Contains("/.expected/", StringComparison.Ordinal)).ToList();
        var config = Path.Combine(dir, ".expected", "config.yaml");
        if (File.Exists(config))
        {
            files.Add(config);
        }

        foreach (var file in files)
        {
            // config.yaml names the eval function at its top level; indented image: lines there are resources in the
            // expected stdOut/stdErr text (a Deployment's image), not functions.
            var isConfig = file == config;
            foreach (var line in File.ReadAllLines(file))
            {
                var trimmed = line.Trim().TrimStart('-').Trim();
                if (trimmed.StartsWith("image:", StringComparison.Ordinal) && (!isConfig || line.StartsWith("image:", StringComparison.Ordinal)))
                {
                    var image = trimmed["image:".Length..].Split('#')[0].Trim().Trim('"', '\'');
                    var name = image[(image.LastIndexOf('/') + 1)..];
                    names.Add(name.Split(':', '@')[0]);
                }
            }
        }

        return names;
    }

    /// <summary>Runs one case twice and asserts every expectation.</summary>
    /// <param name="caseName">The case path below ../shared/conformance.</param>
    /// <param name="renderer">The renderer under test.</param>
    /// <param name="runtimes">The runtimes, for cases of <c>testType: eval</c>.</param>
    /// <param name="shell">
    /// Runs a case's <c>exec.sh</c> as kpt's runner does (in the package folder, <c>kpt</c> being the tool under test),
    /// returning its exit code and stderr; null to read the script's kpt commands with the library instead.
    /// </param>
    public static async Task RunAsync(string caseName, IPackageRenderer renderer, IReadOnlyList<IFunctionRuntime> runtimes, Func<string, string, Task<(int ExitCode, string Stderr)>>? shell = null)
    {
        var first = await RunOnceAsync(caseName, renderer, runtimes, shell);
        if (first.ExitCode == 0)
        {
            var second = await RunOnceAsync(caseName, renderer, runtimes, shell);
            Assert.True(first.Diff == second.Diff, $"{caseName}: the second run produced a different diff (non-deterministic output).\n--- first\n{first.Diff}\n--- second\n{second.Diff}");
        }
    }

    private static async Task<Outcome> RunOnceAsync(string caseName, IPackageRenderer renderer, IReadOnlyList<IFunctionRuntime> runtimes, Func<string, string, Task<(int ExitCode, string Stderr)>>? shell)
    {
        var source = Conformance.PathOf(caseName);
        var expectedDir = Path.Combine(source, ".expected");
        var config = CaseConfig.Read(Path.Combine(expectedDir, "config.yaml"));
        var work = Directory.CreateTempSubdirectory("porch-render-conformance-").FullName;
        try
        {
            CopyPackage(source, work);
            Git(work, "init", "-q");
            Git(work, "add", "-A");
            Git(work, "commit", "-q", "--allow-empty", "-m", "first");
            var firstCommit = Git(work, "rev-parse", "HEAD").Trim();
            var files = ReadPackage(work);

            string? error;
            IReadOnlyDictionary<string, string> output;
            FunctionResultList results;
            var script = ExecScript.Read(expectedDir);
            if (script is not null && shell is not null)
            {
                var (code, stderr) = await shell(work, Path.Combine(expectedDir, "exec.sh"));
                output = ReadPackage(work);
                results = new FunctionResultList { ApiVersion = FunctionResultList.KptApiVersion, Kind = FunctionResultList.KptKind, Metadata = new FunctionResultListMetadata { Name = "fnresults" } };
                error = code == 0 ? null : stderr;
                Assert.False(File.Exists(Path.Combine(expectedDir, "results.yaml")), $"{caseName}: the case compares results.yaml, which a shell run of exec.sh does not produce");
            }
            else if (script is not null)
            {
                (output, results, error) = await RunScriptAsync(caseName, script, files, renderer, runtimes);
            }
            else if (config.TestType == "eval")
            {
                (output, results, error) = await EvalAsync(files, config.Image, config.Args, null, config.IncludeMetaResources, runtimes);
            }
            else
            {
                var rendered = await renderer.RenderAsync(files);
                (output, results, error) = (rendered.Files, rendered.Results, rendered.Error);
            }

            var exitCode = error is null ? 0 : 1;
            Assert.True(config.ExitCode == exitCode, $"{caseName}: expected exit code {config.ExitCode}, got {exitCode}. Error: {error}");
            if (config.StdErr is { } stdErr && config.ExitCode != 0)
            {
                var wanted = NormalizeStdErr(stdErr, caseName);
                var cli = StripLines(CliText(caseName, results), config.StdErrStripLines);
                Assert.True(
                    error!.Contains(wanted, StringComparison.Ordinal) || cli.Contains(wanted, StringComparison.Ordinal),
                    $"{caseName}: neither the error nor the function log contains the expected text.\n--- expected\n{wanted}\n--- error\n{error}\n--- function log\n{cli}");
            }

            var expectedDiff = File.Exists(Path.Combine(expectedDir, "diff.patch")) ? File.ReadAllText(Path.Combine(expectedDir, "diff.patch")) : "";
            WritePackage(work, files, DropPredatingStatus(caseName, files, output, expectedDiff));
            Git(work, "add", "-A");
            Git(work, "commit", "-q", "--allow-empty", "-m", "second");
            var diff = Git(work, "diff", firstCommit, "HEAD");
            if (SmokeCases.Contains(caseName))
            {
                Assert.True(!diff.Contains("resources.yaml", StringComparison.Ordinal), $"{caseName}: resources.yaml changed:\n{diff}");
            }
            else
            {
                Assert.True(NormalizeDiff(expectedDiff) == NormalizeDiff(diff), $"{caseName}: git diff differs.\n--- expected\n{NormalizeDiff(expectedDiff)}\n--- actual\n{NormalizeDiff(diff)}");
            }

            var expectedResults = Path.Combine(expectedDir, "results.yaml");
            if (File.Exists(expectedResults))
            {
                var actualYaml = JsonSerializer.Serialize(results, KrmJson.FunctionResultList);
                var expected = Canonical(KrmYaml.ReadDocument(File.ReadAllText(expectedResults), "results.yaml").Root);
                var actualRoot = KrmYaml.ReadDocument(actualYaml, "results").Root;

                // The API form carries Kubernetes ObjectMeta, which always writes a null creationTimestamp; kpt's results file has none.
                if (actualRoot.Get("metadata")?.Get("creationTimestamp") is { IsNull: true })
                {
                    actualRoot.Get("metadata")!.Remove("creationTimestamp");
                }

                var actual = Canonical(actualRoot);
                Assert.True(expected == actual, $"{caseName}: results differ.\n--- expected\n{expected}\n--- actual\n{actual}");
            }

            return new Outcome(exitCode, diff);
        }
        finally
        {
            DeleteDirectory(work);
        }
    }

    /// <summary>
    /// kpt-fn patches predate kpt's render status (README step 6): when the expected patch has no Kptfile <c>status</c>
    /// hunk, the status block is dropped, and when the rest of the root Kptfile is exactly kpt's re-marshalled form of the
    /// original (the other effect of writing the status), the original text is kept.
    /// </summary>
    private static IReadOnlyDictionary<string, string> DropPredatingStatus(string caseName, IReadOnlyDictionary<string, string> input, IReadOnlyDictionary<string, string> output, string expectedDiff)
    {
        if (!caseName.StartsWith("kpt-fn/", StringComparison.Ordinal) || expectedDiff.Contains("+status:", StringComparison.Ordinal)
            || !output.TryGetValue(Kptfile.FileName, out var rendered) || !input.TryGetValue(Kptfile.FileName, out var original))
        {
            return output;
        }

        var copy = new Dictionary<string, string>(output, StringComparer.Ordinal);
        var stripped = StripStatus(rendered);
        copy[Kptfile.FileName] = stripped == StripStatus(Kptfile.Parse(original).ToYaml()) ? original : stripped;
        return copy;
    }

    private static string StripStatus(string kptfile)
    {
        var lines = kptfile.Split('\n').ToList();
        var start = lines.FindIndex(l => l == "status:");
        if (start < 0)
        {
            return kptfile;
        }

        var end = start + 1;
        while (end < lines.Count && (lines[end].StartsWith(' ') || lines[end].Length == 0 && end < lines.Count - 1))
        {
            end++;
        }

        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }

    /// <summary>kpt prints paths relative to its working directory (the case's parent folder) and prefixes the CLI's <c>Error: </c>; the renderer names paths relative to the package.</summary>
    /// <summary>
    /// The function log kpt's CLI prints for the root package (<c>[RUNNING]</c>, <c>[PASS]</c>/<c>[FAIL]</c>, results,
    /// stderr and exit code of each call), rebuilt from the results, since the renderer has no console. Durations are
    /// printed as <c>0s</c>.
    /// </summary>
    private static string CliText(string caseName, FunctionResultList results)
    {
        var package = caseName[(caseName.LastIndexOf('/') + 1)..];
        var sb = new System.Text.StringBuilder();
        sb.Append("Package \"").Append(package).Append("\":\n");
        foreach (var item in results.Items)
        {
            var image = item.Image ?? item.ExecPath ?? "";
            sb.Append("[RUNNING] \"").Append(image).Append("\" on package \"").Append(package).Append("\"\n");
            sb.Append(item.ExitCode == 0 ? "[PASS] \"" : "[FAIL] \"").Append(image).Append("\" in 0s\n");
            if (item.Results.Count > 0)
            {
                sb.Append("  [Results]:\n");
                foreach (var r in item.Results)
                {
                    sb.Append("    [").Append(r.Severity ?? "info").Append("]: ").Append(r.Message).Append('\n');
                }
            }

            if (!string.IsNullOrEmpty(item.Stderr))
            {
                sb.Append("  Stderr:\n");
                foreach (var line in item.Stderr.TrimEnd('\n').Split('\n'))
                {
                    sb.Append("    ").Append(line).Append('\n');
                }
            }

            if (item.ExitCode != 0)
            {
                sb.Append("  Exit code: ").Append(item.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>kpt's runner removes each line equal to one of <c>stdErrStripLines</c> from the CLI output before comparing.</summary>
    private static string StripLines(string text, IReadOnlyCollection<string> strip) =>
        strip.Count == 0 ? text : string.Join('\n', text.Split('\n').Where(l => !strip.Contains(l)));

    private static string NormalizeStdErr(string stdErr, string caseName)
    {
        var text = stdErr.Trim();
        if (text.StartsWith("Error: ", StringComparison.Ordinal))
        {
            text = text["Error: ".Length..];
        }

        return text.Replace(caseName[(caseName.LastIndexOf('/') + 1)..] + "/", "", StringComparison.Ordinal);
    }

    private static string NormalizeDiff(string diff) =>
        string.Join('\n', diff.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => !l.StartsWith("index ", StringComparison.Ordinal))).Trim();

    /// <summary>A YAML tree as text with mapping keys sorted, so that documents compare by content.</summary>
    private static string Canonical(YamlNode node) => node.Kind switch
    {
        YamlNodeKind.Mapping => "{" + string.Join(", ", node.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal).Select(e => e.Key.Value + ": " + Canonical(e.Value))) + "}",
        YamlNodeKind.Sequence => "[" + string.Join(", ", node.Children.Select(Canonical)) + "]",
        _ => node.IsNull ? "null" : JsonSerializer.Serialize(node.Value),
    };

    /// <summary>
    /// The library's reading of a case's <c>exec.sh</c> (kpt's runner runs it in the package folder): the kpt commands
    /// that change the package in place run in order over the files (<c>kpt pkg init</c>, <c>kpt fn render</c>,
    /// <c>kpt fn eval</c>); shell lines that invoke no kpt command (<c>set</c>, <c>if</c>, <c>echo</c>, ...) do not touch the
    /// package. A kpt command the library has no form for (out-of-place <c>-o</c>, reading <c>-</c> from a pipe) makes
    /// the case fail, naming the command.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, string>, FunctionResultList, string?)> RunScriptAsync(
        string caseName, IReadOnlyList<string[]> script, IReadOnlyDictionary<string, string> files, IPackageRenderer renderer, IReadOnlyList<IFunctionRuntime> runtimes)
    {
        IReadOnlyDictionary<string, string> current = files;
        var results = new FunctionResultList { ApiVersion = FunctionResultList.KptApiVersion, Kind = FunctionResultList.KptKind, Metadata = new FunctionResultListMetadata { Name = "fnresults" } };
        foreach (var args in script)
        {
            string? error;
            switch (args)
            {
                case ["pkg", "init"]:
                    current = PackageInit(current);
                    continue;
                case ["fn", "render"]:
                    var rendered = await renderer.RenderAsync(current);
                    (current, results, error) = (rendered.Files, rendered.Results, rendered.Error);
                    break;
                case ["fn", "eval", ..] when !args.Contains("-") && !args.Contains("-o") && !args.Contains("--output"):
                    var image = Flag(args, "--image") ?? Flag(args, "-i");
                    var fnConfig = Flag(args, "--fn-config");
                    var dashDash = Array.IndexOf(args, "--");
                    var kv = dashDash < 0
                        ? new List<KeyValuePair<string, string>>()
                        : args[(dashDash + 1)..].Select(a => a.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : "")).ToList();
                    (current, results, error) = await EvalAsync(current, image, kv, fnConfig, args.Contains("--include-meta-resources"), runtimes);
                    break;
                default:
                    throw new InvalidOperationException($"{caseName}: exec.sh runs `kpt {string.Join(' ', args)}`, which the library harness has no form for (only pkg init, in-place fn render and fn eval)");
            }

            if (error is not null)
            {
                return (current, results, error);
            }
        }

        return (current, results, null);
    }

    private static string? Flag(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }

    /// <summary>
    /// <c>kpt pkg init</c> on a package: kpt writes <c>package-context.yaml</c> (ConfigMap <c>kptfile.kpt.dev</c>, local
    /// config, <c>data.name</c> = the package name) when it is missing; the Kptfile is kept when present. The README.md
    /// kpt also writes is left out: the case folders had one upstream and the copy dropped it.
    /// </summary>
    private static IReadOnlyDictionary<string, string> PackageInit(IReadOnlyDictionary<string, string> files)
    {
        if (files.ContainsKey("package-context.yaml") || !files.TryGetValue(Kptfile.FileName, out var kptfileText))
        {
            return files;
        }

        var name = Kptfile.Parse(kptfileText).Name;
        var copy = new Dictionary<string, string>(files, StringComparer.Ordinal)
        {
            ["package-context.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kptfile.kpt.dev\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\ndata:\n  name: " + name + "\n",
        };
        return copy;
    }

    /// <summary>
    /// <c>kpt fn eval</c>: one function over the package's resources (the Kptfile only with
    /// <c>--include-meta-resources</c>), its functionConfig read from <c>--fn-config</c> or built from the arguments after
    /// <c>--</c> as a ConfigMap.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, string>, FunctionResultList, string?)> EvalAsync(
        IReadOnlyDictionary<string, string> files, string? imageName, IReadOnlyList<KeyValuePair<string, string>> args, string? fnConfigPath, bool includeMetaResources, IReadOnlyList<IFunctionRuntime> runtimes)
    {
        KubeObject? config = null;
        if (fnConfigPath is not null)
        {
            config = new KubeObject(KrmYaml.ReadDocuments(files[fnConfigPath], fnConfigPath)[0]);
        }
        else if (args.Count > 0)
        {
            config = KubeObject.Create("v1", "ConfigMap", "function-input");
            var data = YamlNode.Mapping();
            foreach (var (k, v) in args)
            {
                data.Set(k, YamlNode.String(v));
            }

            config.Root.Set("data", data);
        }

        var evaluated = await new KptFunctionEvaluator(runtimes).EvaluateAsync(files, imageName ?? throw new InvalidOperationException("eval case without image"), config, includeMetaResources);
        return (evaluated.Files, evaluated.Results, evaluated.Error);
    }

    private static void CopyPackage(string source, string target)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative == ".expected" || relative.StartsWith(".expected" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static Dictionary<string, string> ReadPackage(string dir)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (!relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                files[relative] = File.ReadAllText(file, Encoding.UTF8);
            }
        }

        return files;
    }

    private static void WritePackage(string dir, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        foreach (var path in before.Keys.Where(p => !after.ContainsKey(p)))
        {
            File.Delete(Path.Combine(dir, path));
        }

        foreach (var (path, text) in after)
        {
            if (!before.TryGetValue(path, out var old) || old != text)
            {
                var full = Path.Combine(dir, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text, new UTF8Encoding(false));
            }
        }
    }

    private static string Git(string dir, params string[] args) =>
        Conformance.Git(dir, ["-c", "user.name=porch-conformance", "-c", "user.email=porch-conformance@localhost", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", .. args]);

    private static void DeleteDirectory(string dir)
    {
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(dir, recursive: true);
    }

    private sealed record Outcome(int ExitCode, string Diff);

    /// <summary>A case's <c>.expected/exec.sh</c>: its kpt command lines (continuations joined), as argument lists after <c>kpt</c>.</summary>
    internal static class ExecScript
    {
        public static IReadOnlyList<string[]>? Read(string expectedDir)
        {
            var path = Path.Combine(expectedDir, "exec.sh");
            if (!File.Exists(path))
            {
                return null;
            }

            var commands = new List<string[]>();
            var text = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                foreach (var part in line.Split(['|', ';'], StringSplitOptions.TrimEntries))
                {
                    var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length > 0 && words[0] == "kpt")
                    {
                        commands.Add(words[1..]);
                    }
                }

                if (line.Contains('|', StringComparison.Ordinal) && commands.Count > 0)
                {
                    commands.Add(["<pipe>"]);
                }
            }

            return commands;
        }
    }

    /// <summary>The keys of <c>.expected/config.yaml</c> the harness honours.</summary>
    private sealed class CaseConfig
    {
        public int ExitCode { get; private init; }

        public string TestType { get; private init; } = "render";

        public string? StdErr { get; private init; }

        public string? Image { get; private init; }

        public bool IncludeMetaResources { get; private init; }

        public List<KeyValuePair<string, string>> Args { get; } = new();

        public List<string> StdErrStripLines { get; } = new();

        public static CaseConfig Read(string path)
        {
            if (!File.Exists(path) || KrmYaml.ReadDocuments(File.ReadAllText(path), "config.yaml") is not { Count: 1 } docs || docs[0].Root.Kind != YamlNodeKind.Mapping)
            {
                return new CaseConfig();
            }

            var root = docs[0].Root;
            string? Str(string key) => root.Get(key) is { Kind: YamlNodeKind.Scalar } n && !n.IsNull ? n.Value : null;
            var config = new CaseConfig
            {
                ExitCode = int.TryParse(Str("exitCode"), out var code) ? code : 0,
                TestType = Str("testType") ?? "render",
                StdErr = Str("stdErr"),
                Image = Str("image"),
                IncludeMetaResources = Str("includeMetaResources") == "true",
            };
            if (root.Get("stdErrStripLines") is { Kind: YamlNodeKind.Sequence } strip)
            {
                config.StdErrStripLines.AddRange(strip.Children.Select(c => c.Value));
            }

            if (root.Get("args") is { Kind: YamlNodeKind.Mapping } args)
            {
                foreach (var (k, v) in args.Entries)
                {
                    config.Args.Add(new(k.Value, v.Value));
                }
            }

            return config;
        }
    }
}
#endif
