using Microsoft.Extensions.Logging;
using Porch.Krm;
using Porch.Functions.Builtin.Diagnostics;
using Porch.Functions.Builtin.Internal;
using Porch.Starlark;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>starlark</c>: runs the program of a <c>StarlarkRun</c> (<c>source</c>, <c>params</c>) or a
/// ConfigMap (<c>data.source</c>) with <c>ctx.resource_list</c> (<c>apiVersion</c>, <c>kind</c>, <c>items</c>,
/// <c>functionConfig</c>), <c>ctx.open_api</c> and <c>ctx.environment</c>, in kpt's dialect (set, recursion,
/// <c>while</c>, global reassignment), then takes <c>ctx.resource_list["items"]</c> as the output. Any error (config,
/// syntax, runtime, <c>fail()</c>, an exhausted budget) fails the function with the error as its only result.
/// </summary>
internal sealed class StarlarkFunction : IKrmFunction
{
    /// <summary>The program name when the config has no <c>metadata.name</c>.</summary>
    public const string DefaultProgramName = "starlark-function-run";

    /// <summary>The error when the step has no functionConfig.</summary>
    public const string MissingConfig = "FunctionConfig is missing. Expect `ConfigMap` or `StarlarkRun`";

    /// <summary>The error when the program is empty.</summary>
    public const string EmptySource = "`source` must not be empty";

    /// <summary>The SDK's closing stderr line of a failed function.</summary>
    private const string FailureStderr = "failed to evaluate function: error: function failure";

    private readonly long _maxSteps;
    private readonly long _maxAllocations;
    private readonly ILogger _logger;
    private readonly Lazy<StarlarkValue> _openApi = new(KubernetesOpenApi.Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public StarlarkFunction(long maxSteps, long maxAllocations, ILogger logger)
    {
        _maxSteps = maxSteps;
        _maxAllocations = maxAllocations;
        _logger = logger;
    }

    public string Name => "starlark";

    /// <inheritdoc/>
    public bool SortsOutput => true;

    public bool Run(KrmFunctionContext context)
    {
        var (program, source) = Configure(context.FunctionConfig);

        // The input's conversion gets a budget of its own, as large as the script's: the resources a function is given
        // are already in memory, but YAML aliases could make their Starlark form far larger.
        var inputBytes = 0L;
        void ChargeInput(long bytes)
        {
            inputBytes += bytes;
            if (inputBytes > _maxAllocations)
            {
                throw new KrmFunctionException(TooManyAllocations(_maxAllocations));
            }
        }

        var items = new StarlarkList();
        foreach (var item in context.Items)
        {
            items.Add(StarlarkYaml.ToStarlark(item.Root, ChargeInput));
        }

        var resourceList = new StarlarkDict
        {
            ["apiVersion"] = new StarlarkString(ResourceList.ResourceListApiVersion),
            ["kind"] = new StarlarkString(ResourceList.ResourceListKind),
            ["items"] = items,
            ["functionConfig"] = StarlarkYaml.ToStarlark(context.FunctionConfig!.Root, ChargeInput),
        };
        var ctx = new StarlarkStruct(new Dictionary<string, StarlarkValue>(StringComparer.Ordinal)
        {
            ["resource_list"] = resourceList,
            ["open_api"] = _openApi.Value,

            // The sandbox gives scripts no access to the host's environment variables.
            ["environment"] = new StarlarkDict(),
        });

        var printed = new List<string>();
        var options = StarlarkOptions.KptDialect();
        options.MaxSteps = _maxSteps;
        options.MaxAllocations = _maxAllocations;
        var thread = new StarlarkThread(options)
        {
            PrintHandler = text => printed.AddRange(text.Split('\n')),
            LoadHandler = StarlarkModules.Load,
        };

        try
        {
            thread.ExecFile(program, source, new Dictionary<string, StarlarkValue>(StringComparer.Ordinal) { ["ctx"] = ctx }, context.CancellationToken);
            // The output's conversion is charged to the script's own budget: a script can list one value a million
            // times for the price of a list, and each copy becomes a tree of YAML nodes.
            var output = ReadItems(resourceList, thread.ChargeAllocations);
            context.Items.Clear();
            context.Items.AddRange(output);
        }
        catch (StarlarkSyntaxException ex)
        {
            // go.starlark.net reports the first error of a file, with its position.
            _logger.StarlarkProgramFailed(program, "syntax", ex.Errors[0].Position.ToString());
            throw Fail(context, printed, ex.Errors[0].ToString());
        }
        catch (StarlarkEvalException ex) when (ex.Kind == StarlarkErrorKind.Cancelled && context.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The starlark program was cancelled.", ex, context.CancellationToken);
        }
        catch (StarlarkEvalException ex)
        {
            // As go.starlark.net's EvalError.Error(): the message alone; the position is in the backtrace.
            _logger.StarlarkProgramFailed(program, ex.Kind.ToString(), ex.Position.ToString());
            throw Fail(context, printed, ex.ErrorMessage);
        }
        catch (KrmFunctionException ex)
        {
            throw Fail(context, printed, ex.Message);
        }

        // The catalog's starlark function prints to its stderr, which kpt records as the function's stderr.
        if (printed.Count > 0)
        {
            context.Stderr = string.Join("\n", printed);
        }

        return true;
    }

    private static (string Program, string Source) Configure(KubeObject? config)
    {
        if (config is null || (config.Kind.Length == 0 && config.Name.Length == 0))
        {
            throw new KrmFunctionException(MissingConfig);
        }

        string source;
        if (config.IsGvk("", "v1", "ConfigMap") && config.Kind == "ConfigMap")
        {
            source = KubeObjects.GetString(config.Root, "data", "source") ?? "";
        }
        else if (config.IsGvk("fn.kpt.dev", "", "StarlarkRun") && config.Kind == "StarlarkRun")
        {
            source = KubeObjects.GetString(config.Root, "source") ?? "";
        }
        else
        {
            throw new KrmFunctionException("`functionConfig` must be either /v1, Kind=ConfigMap or fn.kpt.dev/v1alpha1, Kind=StarlarkRun, but we got: "
                + GroupVersionKind(config.ApiVersion, config.Kind));
        }

        if (source.Length == 0)
        {
            throw new KrmFunctionException(EmptySource);
        }

        return (config.Name.Length == 0 ? DefaultProgramName : config.Name, source);
    }

    /// <summary>apimachinery's <c>FromAPIVersionAndKind(...).String()</c>: <c>group/version, Kind=kind</c>.</summary>
    private static string GroupVersionKind(string apiVersion, string kind)
    {
        var slashes = apiVersion.Count(c => c == '/');
        var (group, version) = slashes switch
        {
            _ when apiVersion.Length == 0 || apiVersion == "/" => ("", ""),
            0 => ("", apiVersion),
            1 => KubeObjects.SplitApiVersion(apiVersion),
            _ => ("", ""),
        };
        return group + "/" + version + ", Kind=" + kind;
    }

    private static string TooManyAllocations(long budget) =>
        "Starlark computation cancelled: too many allocations (budget of " + budget.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes exceeded)";

    private static List<KubeObject> ReadItems(StarlarkDict resourceList, Action<long> charge)
    {
        if (!resourceList.TryGetValue("items", out var value) || value is not (StarlarkList or StarlarkTuple))
        {
            throw new KrmFunctionException("`ctx.resource_list[\"items\"]` must be a list, got " + (value?.Type ?? "nothing"));
        }

        var output = new List<KubeObject>();
        foreach (var item in (IEnumerable<StarlarkValue>)value)
        {
            var node = StarlarkYaml.ToYaml(item, charge);
            if (node.Kind != YamlNodeKind.Mapping)
            {
                throw new KrmFunctionException("wrong node kind: expected MappingNode but got " + node.Kind + "Node");
            }

            var doc = new YamlDocument(node);
            if (node.Get("metadata")?.Get("annotations")?.Get(KrmAnnotations.SeqIndent) is { Value: "wide" })
            {
                doc.SequenceIndent = SequenceIndentStyle.Wide;
            }

            output.Add(new KubeObject(doc));
        }

        return output;
    }

    /// <summary>The catalog replaces every result with the error; its container's stderr holds what the program printed, then the SDK's line.</summary>
    private static KrmFunctionException Fail(KrmFunctionContext context, List<string> printed, string message)
    {
        context.Results.Clear();
        if (printed.Count > 0)
        {
            context.Stderr = string.Join("\n", printed) + "\n" + FailureStderr;
        }

        return new KrmFunctionException(message);
    }
}
