using System.Globalization;
using Microsoft.Extensions.Logging;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// The state of one render: hydration order (depth-first post-order, or breadth-first when the root asks for it),
/// each package's pipeline (mutators, then validators on copies), selectors and function configs.
/// </summary>
internal sealed class RenderSession
{
    private readonly IReadOnlyDictionary<string, string> _files;
    private readonly IReadOnlyList<IFunctionRuntime> _runtimes;
    private readonly ILogger _logger;
    private readonly CancellationToken _cancellationToken;
    private readonly Diagnostics.KrmMetrics? _metrics;

    public RenderSession(IReadOnlyDictionary<string, string> files, IReadOnlyList<IFunctionRuntime> runtimes, ILogger logger, CancellationToken cancellationToken, Diagnostics.KrmMetrics? metrics = null)
    {
        _files = files;
        _runtimes = runtimes;
        _logger = logger;
        _cancellationToken = cancellationToken;
        _metrics = metrics;
    }

    public FunctionResultList Results { get; } = new()
    {
        ApiVersion = FunctionResultList.KptApiVersion,
        Kind = FunctionResultList.KptKind,
        Metadata = new FunctionResultListMetadata { Name = "fnresults" },
    };

    public KptRenderStatus Steps { get; } = new();

    /// <summary>
    /// Gets the resources kpt's <c>hydrate</c> left in the root node after a failure (what <c>kpt.dev/save-on-render-failure</c>
    /// writes), or null when the root node was never given any.
    /// </summary>
    public List<KubeObject>? RootResourcesAfterFailure { get; private set; }

    /// <summary>Depth-first post-order from the root (kpt <c>hydrate</c>), recording what a failure leaves in the root node.</summary>
    public Task<List<KubeObject>> HydrateRootAsync(RenderPackage root) => HydrateAsync(root, root);

    /// <summary>
    /// kpt's <c>hydrate</c>: own resources, then each subpackage's rendered output, then the package's pipeline. On a
    /// failure a package keeps its input plus what the failing subpackage returned, or its pipeline's partial output; the
    /// failing call returns its partial output only to its direct parent, so a failure deeper than a direct child of
    /// the root leaves the root with nothing to save.
    /// </summary>
    private async Task<List<KubeObject>> HydrateAsync(RenderPackage pkg, RenderPackage root)
    {
        var input = PackageTree.ReadResources(pkg, _files);
        foreach (var sub in pkg.Subpackages)
        {
            try
            {
                input.AddRange(await HydrateAsync(sub, root).ConfigureAwait(false));
            }
            catch (RenderFailureException ex)
            {
                if (ex.PartialResources is { } transitive && pkg == root)
                {
                    RootResourcesAfterFailure = [.. input, .. transitive];
                }

                throw ex.WithPartial(null);
            }
        }

        try
        {
            return await RunPipelineAsync(pkg, input).ConfigureAwait(false);
        }
        catch (RenderFailureException ex)
        {
            var output = ex.PartialResources is { } partial ? partial.ToList() : input;
            if (pkg == root)
            {
                RootResourcesAfterFailure = output;
            }

            throw ex.WithPartial(output);
        }
    }

    /// <summary>Top-down order (<c>kpt.dev/bfs-rendering</c>): each pipeline sees its package and all descendants; output is routed back by package path.</summary>
    public async Task<List<KubeObject>> RenderBreadthFirstAsync(RenderPackage root)
    {
        var order = PackageTree.BreadthFirst(root);
        var current = order.ToDictionary(p => p, p => PackageTree.ReadResources(p, _files));
        var byAnnotation = order.ToDictionary(p => p.PackagePathAnnotation, StringComparer.Ordinal);
        foreach (var pkg in order)
        {
            var scope = PackageTree.BreadthFirst(pkg);
            var input = scope.SelectMany(p => current[p]).ToList();
            List<KubeObject> output;
            try
            {
                output = await RunPipelineAsync(pkg, input).ConfigureAwait(false);
            }
            catch (RenderFailureException ex)
            {
                var outside = order.Except(scope).SelectMany(p => current[p]);
                throw ex.WithPartial([.. outside, .. ex.PartialResources ?? input]).ForBreadthFirst();
            }

            foreach (var p in scope)
            {
                current[p] = new List<KubeObject>();
            }

            foreach (var item in output)
            {
                var target = item.GetAnnotation(KrmAnnotations.PackagePath) is { } path && byAnnotation.TryGetValue(path, out var owner) && scope.Contains(owner) ? owner : pkg;
                current[target].Add(item);
            }
        }

        return order.SelectMany(p => current[p]).ToList();
    }

    private async Task<List<KubeObject>> RunPipelineAsync(RenderPackage pkg, List<KubeObject> input)
    {
        var pipeline = pkg.Kptfile.Pipeline;
        if (pipeline is null || pipeline.Mutators.Count + pipeline.Validators.Count == 0)
        {
            if (KrmCheck.FirstProblem(input) is { } problem)
            {
                throw RenderFailureException.Package(pkg.DisplayPath, "input resource list must contain only KRM resources: " + problem, partial: input);
            }

            return input;
        }

        if (MissingConfigPath(pkg, input) is { } invalid)
        {
            throw RenderFailureException.Package(pkg.DisplayPath, invalid, partial: input);
        }

        var state = input;
        try
        {
            var mutators = new List<PreparedFunction>();
            foreach (var fn in pipeline.Mutators)
            {
                mutators.Add(await PrepareAsync(fn, "mutators", Steps.MutationSteps).ConfigureAwait(false));
            }

            foreach (var fn in mutators)
            {
                state = await RunMutatorAsync(pkg, fn, state).ConfigureAwait(false);
            }

            foreach (var fn in pipeline.Validators)
            {
                var prepared = await PrepareAsync(fn, "validators", Steps.ValidationSteps).ConfigureAwait(false);
                await RunValidatorAsync(pkg, prepared, state).ConfigureAwait(false);
            }
        }
        catch (StepFailureException ex)
        {
            foreach (var item in state)
            {
                item.RemoveAnnotation(KrmAnnotations.KptResourceId);
            }

            throw RenderFailureException.Pipeline(pkg.DisplayPath, ex.Message, state, ex);
        }

        return state;
    }

    /// <summary>kpt's <c>ValidatePipeline</c>: each configPath names a resource of the package itself.</summary>
    private static string? MissingConfigPath(RenderPackage pkg, List<KubeObject> input)
    {
        foreach (var (list, kind) in new[] { (pkg.Kptfile.Pipeline!.Mutators, "mutator"), (pkg.Kptfile.Pipeline.Validators, "validator") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].ConfigPath is not { } configPath || FindConfig(pkg, input, configPath) is not null)
                {
                    continue;
                }

                var fnName = list[i].Name ?? BaseName(list[i].Image ?? list[i].Exec ?? "");
                return Kptfile.ValidationError($"pipeline.{kind}s[{i}].configPath", configPath,
                    $"functionConfig resource for {kind} \"{fnName}\" is missing from path \"{configPath}\", this also occurs if \"{configPath}\" is part of a subpackage");
            }
        }

        return null;
    }

    private static string BaseName(string image)
    {
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }

    private static KubeObject? FindConfig(RenderPackage pkg, List<KubeObject> input, string configPath)
    {
        var wanted = PathText.Clean(configPath.Trim());
        foreach (var item in input)
        {
            if (item.GetAnnotation(KrmAnnotations.PackagePath) == pkg.PackagePathAnnotation && item.PathAnnotation is { } path && PathText.Clean(path) == wanted)
            {
                return item;
            }
        }

        return null;
    }

    private async Task<PreparedFunction> PrepareAsync(KptFunction fn, string listName, IList<KptPipelineStepResult> steps)
    {
        string? image = null;
        try
        {
            if (fn.Exec is not null)
            {
                throw new StepFailureException("must run with `--allow-exec` option to allow running function binaries");
            }

            // kpt shows and records the step as image:tag with the tag as written (a constraint included); the
            // runtimes get the image whose tag a constraint resolved to (TagResolver, listing through the runtimes).
            var prefixed = FunctionImage.Resolve(fn.Image!);
            image = string.IsNullOrEmpty(fn.Tag) ? prefixed : FunctionImage.StripTagAndDigest(prefixed) + ":" + fn.Tag;
            var runnable = await FunctionTagResolver.ResolveAsync(prefixed, fn.Tag, _runtimes.OfType<IFunctionTagLister>(), _logger, _cancellationToken)
                .ConfigureAwait(false);
            var resolved = CopyWithImage(fn, runnable);
            foreach (var runtime in _runtimes)
            {
                IFunctionRunner? runner;
                try
                {
                    runner = await runtime.GetRunnerAsync(resolved, _cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.RuntimeThrew(runtime.GetType().Name, image, ex);
                    throw new StepFailureException($"function runtime failed to evaluate function \"{image}\": {ex.Message}", ex);
                }

                if (runner is not null)
                {
                    return new PreparedFunction(resolved, image, runner, listName);
                }
            }

            throw new StepFailureException($"function runtime failed to evaluate function \"{image}\": function \"{image}\" not found");
        }
        catch (Exception ex) when (ex is StepFailureException or FunctionEvaluationException)
        {
            steps.Add(new KptPipelineStepResult { Name = fn.Name, Image = image ?? fn.Image, Exec = fn.Exec, ExecutionError = ex.Message, ExitCode = 1 });
            throw ex as StepFailureException ?? new StepFailureException(ex.Message, ex);
        }
    }

    private async Task<List<KubeObject>> RunMutatorAsync(RenderPackage pkg, PreparedFunction fn, List<KubeObject> input)
    {
        var step = NewStep(fn);
        Steps.MutationSteps.Add(step);
        var useSelectors = fn.Function.Selectors.Count + fn.Function.Exclude.Count > 0;
        if (useSelectors)
        {
            for (var i = 0; i < input.Count; i++)
            {
                PackageResources.SetReaderAnnotation(input[i].Root, KrmAnnotations.KptResourceId, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        var config = BuildConfig(pkg, fn.Function, input);
        var selected = Select(input, fn.Function);
        var output = await EvaluateAsync(fn, () => FunctionCall.RunAsync(pkg, fn, selected, config, step, Results, _logger, _cancellationToken)).ConfigureAwait(false);
        if (!useSelectors)
        {
            return output;
        }

        var merged = MergeBack(input, selected, output);
        foreach (var item in merged)
        {
            item.RemoveAnnotation(KrmAnnotations.KptResourceId);
        }

        return merged;
    }

    private async Task RunValidatorAsync(RenderPackage pkg, PreparedFunction fn, List<KubeObject> input)
    {
        var step = NewStep(fn);
        Steps.ValidationSteps.Add(step);
        var copies = input.Select(i => i.Clone()).ToList();
        var config = BuildConfig(pkg, fn.Function, copies);
        await EvaluateAsync(fn, () => FunctionCall.RunAsync(pkg, fn, Select(copies, fn.Function), config, step, Results, _logger, _cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>One function evaluation in its own span, counted and timed with its image and outcome.</summary>
    private async Task<T> EvaluateAsync<T>(PreparedFunction fn, Func<Task<T>> call)
    {
        using var activity = Diagnostics.PorchKrmDiagnostics.Source.StartActivity("EvaluateFunction");
        activity?.SetTag("porch.function.image", fn.Image);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex is StepFailureException ? "FunctionFailed" : ex.GetType().Name;
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("error.type", error);
            throw;
        }
        finally
        {
            if (_metrics is not null)
            {
                var tags = new System.Diagnostics.TagList { { "porch.function.image", fn.Image } };
                if (error is not null)
                {
                    tags.Add("error.type", error);
                }

                _metrics.FunctionEvaluations.Add(1, tags);
                _metrics.FunctionDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }

    private static KptPipelineStepResult NewStep(PreparedFunction fn) => new() { Name = fn.Function.Name, Image = fn.Function.Image is null ? null : fn.Image, Exec = fn.Function.Exec };

    /// <summary>The step's functionConfig: the package's resource at <c>configPath</c> as it is now, or a ConfigMap built from <c>configMap</c>.</summary>
    private static KubeObject? BuildConfig(RenderPackage pkg, KptFunction fn, List<KubeObject> input)
    {
        if (fn.ConfigPath is { } configPath)
        {
            return FindConfig(pkg, input, configPath)?.Clone();
        }

        if (fn.ConfigMap.Count == 0)
        {
            return null;
        }

        var config = KubeObject.Create("v1", "ConfigMap", "function-input");
        var data = YamlNode.Mapping();
        foreach (var (key, value) in fn.ConfigMap)
        {
            data.Set(key, YamlNode.String(value));
        }

        config.Root.Set("data", data);
        return config;
    }

    /// <summary>kpt's <c>SelectInput</c>: items matching any selector (each match appended), minus items matching any non-empty exclusion.</summary>
    private static List<KubeObject> Select(List<KubeObject> input, KptFunction fn)
    {
        if (fn.Selectors.Count + fn.Exclude.Count == 0)
        {
            return input;
        }

        var selected = new List<KubeObject>();
        foreach (var item in input)
        {
            if (fn.Selectors.Count == 0)
            {
                selected.Add(item);
                continue;
            }

            foreach (var selector in fn.Selectors)
            {
                if (Matches(item, selector))
                {
                    selected.Add(item);
                }
            }
        }

        return fn.Exclude.Count == 0 ? selected : selected.Where(item => !fn.Exclude.Any(e => !IsEmpty(e) && Matches(item, e))).ToList();
    }

    private static bool IsEmpty(KptSelector s) =>
        string.IsNullOrEmpty(s.ApiVersion) && string.IsNullOrEmpty(s.Kind) && string.IsNullOrEmpty(s.Name) && string.IsNullOrEmpty(s.Namespace) && s.Labels.Count == 0 && s.Annotations.Count == 0;

    private static bool Matches(KubeObject item, KptSelector selector)
    {
        if ((!string.IsNullOrEmpty(selector.ApiVersion) && selector.ApiVersion != item.ApiVersion)
            || (!string.IsNullOrEmpty(selector.Kind) && selector.Kind != item.Kind)
            || (!string.IsNullOrEmpty(selector.Name) && selector.Name != item.Name)
            || (!string.IsNullOrEmpty(selector.Namespace) && selector.Namespace != item.Namespace))
        {
            return false;
        }

        foreach (var (k, v) in selector.Labels)
        {
            if (item.GetLabel(k) != v)
            {
                return false;
            }
        }

        foreach (var (k, v) in selector.Annotations)
        {
            if (item.GetAnnotation(k) != v)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>kpt's <c>MergeWithInput</c>: unselected items stay, selected ones are replaced by their output or dropped, new ones go last.</summary>
    private static List<KubeObject> MergeBack(List<KubeObject> input, List<KubeObject> selected, List<KubeObject> output)
    {
        var selectedIds = selected.Select(s => s.GetAnnotation(KrmAnnotations.KptResourceId)).ToHashSet(StringComparer.Ordinal);
        var outputById = new Dictionary<string, KubeObject>(StringComparer.Ordinal);
        var generated = new List<KubeObject>();
        foreach (var item in output)
        {
            if (item.GetAnnotation(KrmAnnotations.KptResourceId) is { } id)
            {
                outputById.TryAdd(id, item);
            }
            else
            {
                generated.Add(item);
            }
        }

        var merged = new List<KubeObject>(input.Count + generated.Count);
        foreach (var item in input)
        {
            var id = item.GetAnnotation(KrmAnnotations.KptResourceId);
            if (!selectedIds.Contains(id))
            {
                merged.Add(item);
            }
            else if (id is not null && outputById.TryGetValue(id, out var replacement))
            {
                merged.Add(replacement);
            }
        }

        merged.AddRange(generated);
        return merged;
    }

    private static KptFunction CopyWithImage(KptFunction fn, string image)
    {
        var copy = new KptFunction { Image = image, Exec = fn.Exec, ConfigPath = fn.ConfigPath, Name = fn.Name, Tag = fn.Tag };
        foreach (var (k, v) in fn.ConfigMap)
        {
            copy.ConfigMap[k] = v;
        }

        foreach (var s in fn.Selectors)
        {
            copy.Selectors.Add(s);
        }

        foreach (var s in fn.Exclude)
        {
            copy.Exclude.Add(s);
        }

        return copy;
    }
}
