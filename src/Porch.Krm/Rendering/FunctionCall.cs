using System.Globalization;
using Microsoft.Extensions.Logging;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Krm.Rendering;

/// <summary>
/// One function call as kpt's function runner makes it: KRM check, call-scoped ids, the call, then comment and
/// key-order restore by id, legacy/internal annotation reconciliation, default paths and the output invariants.
/// </summary>
internal static class FunctionCall
{
    /// <summary>kpt's <c>errors.ErrAlreadyHandled</c> text, the cause of a step whose function failed with results.</summary>
    internal const string AlreadyHandled = "already handled error";

    private static readonly (string Internal, string Legacy, string Name)[] AnnotationPairs =
    [
        (KrmAnnotations.Path, KrmAnnotations.LegacyPath, "path"),
        (KrmAnnotations.Index, KrmAnnotations.LegacyIndex, "index"),
    ];

    /// <summary>Runs the function; records its result record and step outcome.</summary>
    /// <exception cref="StepFailureException">The call failed; <paramref name="step"/> and <paramref name="results"/> are filled in.</exception>
    public static async Task<List<KubeObject>> RunAsync(
        RenderPackage pkg,
        PreparedFunction fn,
        IReadOnlyList<KubeObject> items,
        KubeObject? functionConfig,
        KptPipelineStepResult step,
        FunctionResultList results,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (KrmCheck.FirstProblem(items) is { } problem)
        {
            throw Fail(step, "input resource list must contain only KRM resources: " + problem);
        }

        // kpt gives each input an id annotation by which it knows the outputs that came from it. A function run in
        // place that never reads those ids returns the input objects themselves: they are known by reference instead,
        // and the function sees no difference.
        var sources = new Sources(byReference: fn.Runner is IInPlaceFunctionRunner { ReadsItemIds: false }, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            FunctionRoundTrip.Apply(items[i].Document);
            sources.Add(items[i], i + 1);
        }

        var input = new ResourceList { FunctionConfig = functionConfig };
        foreach (var item in items)
        {
            input.Items.Add(item);
        }

        var record = new FunctionResult { Image = fn.Function.Image is null ? null : fn.Image, ExecPath = fn.Function.Exec };
        ResourceList output;
        YamlUndoScope? inPlaceChanges = null;
        logger.FunctionStarting(fn.Image, items.Count, pkg.DisplayPath);
        try
        {
            if (fn.Runner is IInPlaceFunctionRunner inPlace)
            {
                (output, inPlaceChanges) = RunInPlace(inPlace, input, cancellationToken);
            }
            else
            {
                output = await fn.Runner.RunAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (FunctionEvaluationException ex)
        {
            var reported = ex.Results?.Items.FirstOrDefault();
            record.Stderr = reported?.Stderr;
            record.ExitCode = reported is { ExitCode: not 0 } ? reported.ExitCode : 1;
            record.Results = reported?.Results ?? [];

            // A function that ran and reported its outcome is kpt's ExecError: kpt prints the results and the step
            // fails with its "already handled" error rather than the function's own message.
            throw RecordFailure(step, results, record, reported is null ? ex.Message : AlreadyHandled, logger, fn, pkg, ex);
        }
        catch (Exception ex)
        {
            // A runtime that throws anything else is reported like a failed function, with the message as its result.
            record.ExitCode = 1;
            record.Results = [new ResultItem { Message = ex.Message, Severity = "error" }];
            throw RecordFailure(step, results, record, ex.Message, logger, fn, pkg, ex);
        }
        finally
        {
            // Inputs a function changed in place are its outputs: Reconcile matches them by id and removes the ids.
            if (inPlaceChanges is null)
            {
                foreach (var item in items)
                {
                    item.RemoveAnnotation(KrmAnnotations.Id);
                    item.RemoveAnnotation(KrmAnnotations.LegacyId);
                }
            }
        }

        record.ExitCode = 0;
        record.Results = output.Results.Select(r => r.ToResultItem()).ToList();
        record.Stderr = string.IsNullOrEmpty(output.Stderr) ? null : output.Stderr;
        results.Items.Add(record);
        step.ExitCode = 0;
        foreach (var r in output.Results)
        {
            step.Results.Add(r);
            if (r.Severity == "error")
            {
                step.ErrorResults.Add(r);
            }
        }

        SyncComments(output.Items, sources, inPlaceChanges);
        inPlaceChanges?.Release();
        return Reconcile(pkg, fn, output.Items, sources, step);
    }

    /// <summary>
    /// Gives each output that came from an input (by id, or by reference) that input's comments and key order. After a function that ran in
    /// place the inputs are read as they were before it, through its recorded changes.
    /// </summary>
    private static void SyncComments(IList<KubeObject> outputs, Sources sources, YamlUndoScope? inPlaceChanges)
    {
        var view = new CommentSync.SourceView(inPlaceChanges);
        var pending = new CommentSync.Pending();
        foreach (var item in outputs)
        {
            if (sources.Find(item, item.AnnotationsNode) is { } source)
            {
                CommentSync.Apply(view.Root(source.Object.Document), item.Root, view, pending);
            }
        }
    }

    /// <summary>
    /// Runs an in-place runner inside an undo scope: on any failure every change is undone before the exception
    /// leaves; on success the scope (closed) holds the first state of each changed node for the reconcile.
    /// </summary>
    private static (ResourceList Output, YamlUndoScope Changes) RunInPlace(IInPlaceFunctionRunner runner, ResourceList input, CancellationToken cancellationToken)
    {
        var changes = YamlUndoScope.Begin();
        try
        {
            var output = runner.RunInPlace(input, cancellationToken);
            changes.Dispose();
            return (output, changes);
        }
        catch
        {
            changes.Undo();
            changes.Dispose();
            changes.Release();
            throw;
        }
    }

    private static List<KubeObject> Reconcile(RenderPackage pkg, PreparedFunction fn, IList<KubeObject> outputs, Sources sources, KptPipelineStepResult step)
    {
        var configDir = fn.Function.ConfigPath is { } configPath ? PathText.Directory(PathText.Clean(configPath)) : "";
        if (configDir == "functions" || configDir.EndsWith("/functions", StringComparison.Ordinal))
        {
            configDir = PathText.Directory(configDir);
        }

        var seen = new HashSet<(string, string, string)>(outputs.Count);
        var list = new List<KubeObject>(outputs.Count);
        foreach (var item in outputs)
        {
            // The annotations node is read once and again only after a write that may have replaced it.
            var annotations = item.AnnotationsNode;
            var source = sources.Find(item, annotations);
            foreach (var (internalKey, legacyKey, name) in AnnotationPairs)
            {
                if (ReconcilePair(item, annotations, source, internalKey, legacyKey, name, step))
                {
                    annotations = item.AnnotationsNode;
                }
            }

            if (annotations is { Kind: YamlNodeKind.Mapping })
            {
                annotations.Remove(KrmAnnotations.Id);
                annotations.Remove(KrmAnnotations.LegacyId);
            }

            if (KrmCheck.MissingField(item) is { } problem)
            {
                throw Fail(step, "output resource list must contain only KRM resources: " + (item.PathAnnotation ?? "") + ": " + problem);
            }

            var pathAnnotation = KubeObject.AnnotationText(annotations, KrmAnnotations.Path);
            if (pathAnnotation is null)
            {
                pathAnnotation = RenderedFiles.DefaultPath(item, configDir);
                PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.LegacyPath, pathAnnotation);
                PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.Path, pathAnnotation);
                annotations = item.AnnotationsNode;
            }

            var packagePath = KubeObject.AnnotationText(annotations, KrmAnnotations.PackagePath);
            if (packagePath is null)
            {
                packagePath = pkg.PackagePathAnnotation;
                PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.PackagePath, packagePath);
                annotations = item.AnnotationsNode;
            }

            var cleaned = PathText.Clean(pathAnnotation);
            if (cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal))
            {
                throw Fail(step, "function must not modify resources outside of package: resource has path " + pathAnnotation);
            }

            if (KubeObject.AnnotationText(annotations, KrmAnnotations.Index) is { } index
                && !seen.Add((packagePath, cleaned, index)))
            {
                throw Fail(step, $"resource at path \"{cleaned}\" and index \"{index}\" already exists");
            }

            list.Add(item);
        }

        return list;
    }

    /// <summary>kyaml's <c>ReconcileInternalAnnotations</c> for one legacy/internal pair; true when it wrote them.</summary>
    private static bool ReconcilePair(KubeObject item, YamlNode? annotations, Source? source, string internalKey, string legacyKey, string name, KptPipelineStepResult step)
    {
        var internalValue = KubeObject.AnnotationText(annotations, internalKey);
        var legacyValue = KubeObject.AnnotationText(annotations, legacyKey);
        if (internalValue == legacyValue)
        {
            return false;
        }

        var internalChanged = internalValue != source?.Annotation(internalKey);
        var legacyChanged = legacyValue != source?.Annotation(legacyKey);
        if (source is not null && internalChanged && legacyChanged && internalValue is not null && legacyValue is not null)
        {
            throw Fail(step, $"resource input to function has mismatched legacy and internal {name} annotations");
        }

        var winner = internalValue is not null && (source is null || internalChanged) ? internalValue : legacyValue;
        winner ??= internalValue;
        if (winner is null)
        {
            return false;
        }

        PackageResources.SetReaderAnnotation(item.Root, internalKey, winner);
        PackageResources.SetReaderAnnotation(item.Root, legacyKey, winner);
        return true;
    }

    /// <summary>The id texts given so far ("1", "2", ...), kept so that each call does not make them again.</summary>
    private static string[] s_ids = [];

    private static string Id(int id)
    {
        var ids = s_ids;
        if (id >= ids.Length)
        {
            var grown = new string[Math.Max(id + 1, ids.Length * 2)];
            ids.CopyTo(grown, 0);
            for (var i = ids.Length; i < grown.Length; i++)
            {
                grown[i] = i.ToString(CultureInfo.InvariantCulture);
            }

            s_ids = ids = grown;
        }

        return ids[id];
    }

    /// <summary>
    /// The inputs of one call, by the id annotation each was given (kpt's way), or by reference for a function run in
    /// place that does not read ids (then no id annotation is added).
    /// </summary>
    private sealed class Sources
    {
        private readonly Dictionary<string, Source>? _byId;
        private readonly Dictionary<KubeObject, Source>? _byReference;

        public Sources(bool byReference, int capacity)
        {
            if (byReference)
            {
                _byReference = new Dictionary<KubeObject, Source>(capacity, ReferenceEqualityComparer.Instance);
            }
            else
            {
                _byId = new Dictionary<string, Source>(capacity, StringComparer.Ordinal);
            }
        }

        /// <summary>Records the input at <paramref name="position"/> (from 1), giving it its id annotations when matched by id.</summary>
        public void Add(KubeObject item, int position)
        {
            if (_byReference is not null)
            {
                _byReference[item] = new Source(item);
                return;
            }

            var id = Id(position);
            PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.Id, id);
            PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.LegacyId, id);
            _byId![id] = new Source(item);
        }

        /// <summary>The input an output came from, or null (<paramref name="annotations"/>: the output's annotations node).</summary>
        public Source? Find(KubeObject output, YamlNode? annotations)
        {
            if (_byReference is not null)
            {
                return _byReference.GetValueOrDefault(output);
            }

            var id = KubeObject.AnnotationText(annotations, KrmAnnotations.Id) ?? KubeObject.AnnotationText(annotations, KrmAnnotations.LegacyId);
            return id is not null && _byId!.TryGetValue(id, out var source) ? source : null;
        }
    }

    /// <summary>
    /// An input resource as the function received it: the object (which a function run in place changes) and the
    /// path and index annotations it had then.
    /// </summary>
    private sealed class Source
    {
        private readonly string? _path;
        private readonly string? _legacyPath;
        private readonly string? _index;
        private readonly string? _legacyIndex;

        public Source(KubeObject item)
        {
            Object = item;
            var annotations = item.AnnotationsNode;
            _path = KubeObject.AnnotationText(annotations, KrmAnnotations.Path);
            _legacyPath = KubeObject.AnnotationText(annotations, KrmAnnotations.LegacyPath);
            _index = KubeObject.AnnotationText(annotations, KrmAnnotations.Index);
            _legacyIndex = KubeObject.AnnotationText(annotations, KrmAnnotations.LegacyIndex);
        }

        public KubeObject Object { get; }

        public string? Annotation(string key) => key switch
        {
            KrmAnnotations.Path => _path,
            KrmAnnotations.LegacyPath => _legacyPath,
            KrmAnnotations.Index => _index,
            KrmAnnotations.LegacyIndex => _legacyIndex,
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a path or index annotation"),
        };
    }

    private static StepFailureException Fail(KptPipelineStepResult step, string message)
    {
        step.ExecutionError = message;
        step.ExitCode = 1;
        return new StepFailureException(message);
    }

    private static StepFailureException RecordFailure(
        KptPipelineStepResult step, FunctionResultList results, FunctionResult record, string message, ILogger logger, PreparedFunction fn, RenderPackage pkg, Exception inner)
    {
        results.Items.Add(record);
        results.ExitCode = 1;
        step.Stderr = record.Stderr;
        step.ExitCode = record.ExitCode;
        foreach (var r in record.Results)
        {
            var krm = KrmResult.FromResultItem(r);
            step.Results.Add(krm);
            if (r.Severity == "error")
            {
                step.ErrorResults.Add(krm);
            }
        }

        logger.FunctionFailed(fn.Image, pkg.DisplayPath, message);
        return new StepFailureException(message, inner);
    }
}
