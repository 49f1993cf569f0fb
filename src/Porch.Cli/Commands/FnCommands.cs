using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Porch.Cli.Infrastructure;
using Porch.Cli.Local;
using Porch.Cli.Output;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Krm.Rendering;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>porchctl fn render</c> and <c>porchctl fn eval</c>: kpt's local function verbs on a package folder, with the
/// builtin functions (set-namespace, set-labels, set-annotations, apply-replacements, apply-setters, search-replace,
/// ensure-name-substring, starlark).
/// </summary>
internal sealed class FnCommands(CommandHost host)
{
    /// <summary>What kpt calls a function that ran and reported its results: the cause was already printed.</summary>
    private const string AlreadyHandled = "already handled error";

    /// <summary>kpt's cmdutil.Stdout: <c>--output stdout</c> writes a ResourceList to stdout.</summary>
    private const string StdoutOutput = "stdout";

    /// <summary>kpt's cmdutil.Unwrap: <c>--output unwrap</c> writes the resources as a YAML stream.</summary>
    private const string UnwrapOutput = "unwrap";

    public Command Build()
    {
        var fn = new Command("fn", "Run KRM functions on a local package (kpt fn)");
        fn.Subcommands.Add(Render());
        fn.Subcommands.Add(Eval());
        return fn;
    }

    private Command Render()
    {
        var dir = new Argument<string>("DIR") { Description = "The package folder (default: the current folder)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var resultsDir = new Option<string?>("--results-dir") { Description = "Write the function results to results.yaml in this folder" };
        var output = new Option<string?>("--output", "-o") { Description = "Where the rendered resources go instead of the package: stdout (a ResourceList), unwrap (a YAML stream) or a new folder (kpt's fn render --output)" };
        var command = new Command("render", "Render a package in place: run every Kptfile pipeline, subpackages first") { dir, resultsDir, output };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var root = RequirePackage(parse.GetValue(dir)!);
            var destination = parse.GetValue(output);

            // kpt's cmdrender preRunE: an output folder must not exist yet.
            if (destination is not null and not (StdoutOutput or UnwrapOutput) && (Directory.Exists(destination) || File.Exists(destination)))
            {
                throw CliException.Error($"directory \"{destination}\" already exists, please delete the directory and retry");
            }

            var files = await PackageFolder.ReadAsync(root, cancellationToken).ConfigureAwait(false);
            var recorder = new FunctionCallRecorder();
            var provider = LocalEngine.ForFunctions(recorder);
            await using var disposeProvider = provider.ConfigureAwait(false);
            var result = await provider.GetRequiredService<IPackageRenderer>().RenderAsync(files, cancellationToken).ConfigureAwait(false);
            if (destination is null)
            {
                await PackageFolder.WriteAsync(root, files, result.Files, cancellationToken).ConfigureAwait(false);
            }
            else if (result.Succeeded && destination is StdoutOutput or UnwrapOutput)
            {
                // kpt's render executor writes the root's resources as a ResourceList; cmdutil.WriteFnOutput unwraps it.
                await WriteListAsync(destination, result.Resources).ConfigureAwait(false);
            }
            else if (result.Succeeded)
            {
                await WriteOutOfPlaceAsync(destination, files, result.Files, cancellationToken).ConfigureAwait(false);
            }

            var log = new StringBuilder(RenderReport.Format(RootName(parse.GetValue(dir)!), files, recorder.Calls, result.Results, recorder.Elapsed));
            var resultsPath = parse.GetValue(resultsDir) is { } results
                ? await WriteResultsAsync(results, result.Results, cancellationToken).ConfigureAwait(false)
                : null;
            if (result.Succeeded)
            {
                // kpt's runPipeline ends each pipeline with a blank line; the summary follows only an in-place write.
                log.Append('\n');
                if (destination is null)
                {
                    var packages = result.Files.Keys.Count(k => k == Kptfile.FileName || k.EndsWith("/" + Kptfile.FileName, StringComparison.Ordinal));
                    log.Append(FormattableString.Invariant($"Successfully executed {result.Results.Items.Count} function(s) in {packages} package(s).\n"));
                }
            }

            if (resultsPath is not null)
            {
                log.Append("For complete results, see ").Append(resultsPath).Append('\n');
            }

            if (result.Succeeded)
            {
                await host.Console.Error.WriteAsync(log.ToString()).ConfigureAwait(false);
                return 0;
            }

            await host.Console.Error.WriteAsync(log.ToString()).ConfigureAwait(false);
            if (!result.Error!.EndsWith(AlreadyHandled, StringComparison.Ordinal))
            {
                await host.Console.Error.WriteLineAsync((log.Length > 0 ? "\n" : "") + "Error: " + result.Error).ConfigureAwait(false);
            }

            return 1;
        });
        return command;
    }

    private Command Eval()
    {
        var dir = new Argument<string>("DIR") { Description = "The package folder, or - to read a ResourceList from stdin" };
        var args = new Argument<string[]>("key=value") { Description = "After --: the data of a ConfigMap passed as the function config", Arity = ArgumentArity.ZeroOrMore };
        var image = new Option<string>("--image", "-i") { Description = "The function image (a builtin function's catalog name, e.g. set-namespace:v0.4.1)", Required = true };
        var fnConfig = new Option<string?>("--fn-config") { Description = "A file holding the function config" };
        var includeMeta = new Option<bool>("--include-meta-resources", "-m") { Description = "Pass the Kptfile to the function too" };
        var resultsDir = new Option<string?>("--results-dir") { Description = "Write the function results to results.yaml in this folder" };
        var output = new Option<string?>("--output", "-o") { Description = "Where the resources go instead of the package: stdout (a ResourceList) or unwrap (a YAML stream); input from stdin goes to stdout by default" };
        var command = new Command("eval", "Run one function on a package in place, or on a ResourceList from stdin") { dir, args, image, fnConfig, includeMeta, resultsDir, output };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var fromStdin = parse.GetValue(dir) == "-";
            var destination = parse.GetValue(output);
            if (destination is not null and not (StdoutOutput or UnwrapOutput))
            {
                throw CliException.Error($"--output must be {StdoutOutput} or {UnwrapOutput}, got \"{destination}\"");
            }

            var root = fromStdin ? "" : Path.GetFullPath(parse.GetValue(dir)!);
            if (!fromStdin && !Directory.Exists(root))
            {
                throw CliException.Error($"\"{parse.GetValue(dir)}\" is not a folder");
            }

            var resolved = FunctionImage.Resolve(parse.GetValue(image)!);
            var files = fromStdin
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : await PackageFolder.ReadAsync(root, cancellationToken).ConfigureAwait(false);
            var config = await FunctionConfigAsync(parse.GetValue(fnConfig), parse.GetValue(args) ?? [], cancellationToken).ConfigureAwait(false);
            var provider = LocalEngine.ForFunctions(new FunctionCallRecorder());
            await using var disposeProvider = provider.ConfigureAwait(false);
            IFunctionRunner? runner = null;
            foreach (var runtime in provider.GetServices<IFunctionRuntime>())
            {
                runner ??= await runtime.GetRunnerAsync(new KptFunction { Image = resolved }, cancellationToken).ConfigureAwait(false);
            }

            if (runner is null)
            {
                throw CliException.Error($"function \"{resolved}\" not found: porchctl runs the builtin functions only");
            }

            // kpt's runfn: a ResourceList from stdin keeps every item and its annotations (kyaml's ByteReader).
            var input = new ResourceList { FunctionConfig = config };
            PackageResources? package = null;
            if (fromStdin)
            {
                var text = await host.Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                foreach (var item in ResourceList.Parse(text).Items)
                {
                    input.Items.Add(item);
                }
            }
            else
            {
                var metaIncluded = parse.GetValue(includeMeta);
                package = PackageResources.Read(files.Where(f => metaIncluded || f.Key != Kptfile.FileName).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
                foreach (var item in package.Resources)
                {
                    input.Items.Add(item);
                }
            }

            var record = new FunctionResult { Image = resolved };
            var log = new StringBuilder();

            // kpt's fnruntime runner names the resource count only when selectors chose the input; eval has none here.
            log.Append("[RUNNING] \"").Append(resolved).Append("\"\n");
            var started = System.Diagnostics.Stopwatch.StartNew();
            string? error = null;
            try
            {
                var output = await runner.RunAsync(input, cancellationToken).ConfigureAwait(false);
                record.Results = output.Results.Select(r => r.ToResultItem()).ToList();
                record.Stderr = string.IsNullOrEmpty(output.Stderr) ? null : output.Stderr;
                if (destination is not null || package is null)
                {
                    // kpt's runfn writes a ResourceList when the input came from stdin, and cmdutil unwraps it on request.
                    await WriteListAsync(destination ?? StdoutOutput, output.Items).ConfigureAwait(false);
                }
                else
                {
                    package.Resources.Clear();
                    foreach (var item in output.Items)
                    {
                        package.Resources.Add(item);
                    }

                    await PackageFolder.WriteAsync(root, files, package.Write(files), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (FunctionEvaluationException ex)
            {
                var reported = ex.Results?.Items.FirstOrDefault();
                record.ExitCode = reported is { ExitCode: not 0 } ? reported.ExitCode : 1;
                record.Stderr = reported?.Stderr;
                record.Results = reported?.Results ?? [];
                error = reported is null ? ex.Message : null;
            }

            log.Append(record.ExitCode == 0 ? "[PASS] \"" : "[FAIL] \"").Append(resolved).Append("\" in ").Append(RenderReport.GoSeconds(started.Elapsed)).Append('\n');
            RenderReport.AppendDetails(log, record, "  ");
            var list = new FunctionResultList { ApiVersion = FunctionResultList.KptApiVersion, Kind = FunctionResultList.KptKind, Metadata = new FunctionResultListMetadata { Name = "fnresults" }, ExitCode = record.ExitCode == 0 ? 0 : 1, Items = [record] };
            if (parse.GetValue(resultsDir) is { } results)
            {
                log.Append("\nFor complete results, see ").Append(await WriteResultsAsync(results, list, cancellationToken).ConfigureAwait(false)).Append('\n');
            }

            await host.Console.Error.WriteAsync(log.ToString()).ConfigureAwait(false);
            if (error is not null)
            {
                await host.Console.Error.WriteLineAsync("Error: " + error).ConfigureAwait(false);
            }

            return record.ExitCode == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Writes resources to stdout as kpt's <c>--output stdout</c> (a ResourceList of the items alone) or <c>unwrap</c> does.</summary>
    private async Task WriteListAsync(string destination, IEnumerable<KubeObject> items)
    {
        var list = new ResourceList();
        foreach (var item in items)
        {
            list.Items.Add(item);
        }

        await host.Console.Out.WriteAsync(destination == UnwrapOutput ? list.ToUnwrappedYaml() : list.ToYaml()).ConfigureAwait(false);
    }

    private static async Task<KubeObject?> FunctionConfigAsync(string? path, string[] pairs, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return KubeObject.Parse(text, path);
        }

        if (pairs.Length == 0)
        {
            return null;
        }

        var config = KubeObject.Create("v1", "ConfigMap", "function-input");
        var data = YamlNode.Mapping();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw CliException.Error($"function arguments must be key=value, got \"{pair}\"");
            }

            data.Set(pair[..equals], YamlNode.String(pair[(equals + 1)..]));
        }

        config.Root.Set("data", data);
        return config;
    }

    /// <summary>Writes <c>results.yaml</c> (kpt's FunctionResultList) and returns its path.</summary>
    private static async Task<string> WriteResultsAsync(string directory, FunctionResultList results, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var node = JsonSerializer.SerializeToNode(results, KrmJson.FunctionResultList)!.AsObject();
        if (node["metadata"] is JsonObject metadata && metadata["creationTimestamp"] is null)
        {
            // kpt's results file carries only the name; the API form always writes a null creationTimestamp.
            metadata.Remove("creationTimestamp");
        }

        var path = Path.GetFullPath(Path.Combine(directory, "results.yaml"));
        await File.WriteAllTextAsync(path, JsonYaml.ToYamlText(node), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>
    /// kpt's render with <c>--output &lt;DIR&gt;</c>: the rendered resources (Kptfiles included, as the functions left them,
    /// without the render status kpt only writes in place) go to a new folder; other files are not copied.
    /// </summary>
    private static async Task WriteOutOfPlaceAsync(string destination, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> rendered, CancellationToken cancellationToken)
    {
        var outputFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in rendered)
        {
            var isKptfile = path == Kptfile.FileName || path.EndsWith("/" + Kptfile.FileName, StringComparison.Ordinal);
            if (!isKptfile && !PackageResources.IsResourceFile(path))
            {
                continue;
            }

            if (path == Kptfile.FileName && before.TryGetValue(path, out var original))
            {
                var kptfile = Kptfile.Parse(text);
                kptfile.Status = Kptfile.Parse(original).Status;
                outputFiles[path] = text == original ? text : kptfile.ToYaml();
                continue;
            }

            outputFiles[path] = text;
        }

        Directory.CreateDirectory(destination);
        await PackageFolder.WriteAsync(destination, new Dictionary<string, string>(StringComparer.Ordinal), outputFiles, cancellationToken).ConfigureAwait(false);
    }

    private static string RequirePackage(string dir)
    {
        var root = Path.GetFullPath(dir);
        if (!File.Exists(Path.Combine(root, Kptfile.FileName)))
        {
            throw CliException.Error($"\"{dir}\" is not a kpt package: {Kptfile.FileName} not found");
        }

        return root;
    }

    private static string RootName(string dir)
    {
        var trimmed = dir.TrimEnd('/', '\\');
        return trimmed is "" or "." ? Path.GetFileName(Path.GetFullPath(".")) : trimmed;
    }
}
