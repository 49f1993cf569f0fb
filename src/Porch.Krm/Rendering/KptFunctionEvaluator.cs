using System.Globalization;
using Microsoft.Extensions.Logging;
using Porch.Krm.Functions;

namespace Porch.Krm.Rendering;

/// <summary>
/// Runs one function over a package in place, as <c>kpt fn eval</c> does: the package's resources (the Kptfile only
/// when meta resources are included) go to the function with the given functionConfig, and what comes back is written
/// in kpt's format; resources that come back with an input's id get that input's comments and key order again (kyaml
/// <c>CopyComments</c> and <c>SyncOrder</c>, as in render).
/// </summary>
public sealed class KptFunctionEvaluator
{
    private readonly IFunctionRuntime[] _runtimes;
    private readonly ILogger _logger;

    /// <summary>Creates an evaluator over the function runtimes that may run the function.</summary>
    /// <param name="runtimes">The runtimes, asked in order which of them runs the function.</param>
    /// <param name="logger">The logger, or null for none.</param>
    public KptFunctionEvaluator(IEnumerable<IFunctionRuntime> runtimes, ILogger<KptFunctionEvaluator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        _runtimes = runtimes.ToArray();
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>Evaluates <paramref name="image"/> over <paramref name="files"/>.</summary>
    /// <param name="files">The package's files by package-relative path.</param>
    /// <param name="image">The function image; a short name resolves as kpt resolves it.</param>
    /// <param name="functionConfig">The functionConfig, or null for none.</param>
    /// <param name="includeMetaResources">Whether the Kptfile goes to the function too (<c>--include-meta-resources</c>).</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The files afterwards (unchanged on failure), the function's result record and the error, if any.</returns>
    public async Task<PackageRenderResult> EvaluateAsync(
        IReadOnlyDictionary<string, string> files, string image, KubeObject? functionConfig, bool includeMetaResources = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(image);
        var resolved = FunctionImage.Resolve(image);
        var results = new FunctionResultList
        {
            ApiVersion = FunctionResultList.KptApiVersion,
            Kind = FunctionResultList.KptKind,
            Metadata = new FunctionResultListMetadata { Name = "fnresults" },
        };
        IFunctionRunner? runner = null;
        foreach (var runtime in _runtimes)
        {
            runner = await runtime.GetRunnerAsync(new KptFunction { Image = resolved }, cancellationToken).ConfigureAwait(false);
            if (runner is not null)
            {
                break;
            }
        }

        if (runner is null)
        {
            results.ExitCode = 1;
            return new PackageRenderResult(files, results, $"function \"{resolved}\" not found");
        }

        var package = PackageResources.Read(files.Where(f => includeMetaResources || f.Key != Kptfile.FileName).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
        var byId = new Dictionary<string, KubeObject>(StringComparer.Ordinal);
        var input = new ResourceList { FunctionConfig = functionConfig };
        for (var i = 0; i < package.Resources.Count; i++)
        {
            var item = package.Resources[i];
            var id = (i + 1).ToString(CultureInfo.InvariantCulture);
            PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.Id, id);
            PackageResources.SetReaderAnnotation(item.Root, KrmAnnotations.LegacyId, id);
            byId[id] = item.Clone();
            input.Items.Add(item);
        }

        var record = new FunctionResult { Image = resolved };
        results.Items.Add(record);
        ResourceList output;
        try
        {
            output = await runner.RunAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (FunctionEvaluationException ex)
        {
            var reported = ex.Results?.Items.FirstOrDefault();
            record.ExitCode = reported is { ExitCode: not 0 } ? reported.ExitCode : 1;
            record.Stderr = reported?.Stderr;
            record.Results = reported?.Results ?? [new ResultItem { Message = ex.Message, Severity = "error" }];
            results.ExitCode = 1;
            _logger.RenderFailed(ex.Message);
            return new PackageRenderResult(files, results, reported is null ? ex.Message : FunctionCall.AlreadyHandled);
        }

        record.Results = output.Results.Select(r => r.ToResultItem()).ToList();
        record.Stderr = string.IsNullOrEmpty(output.Stderr) ? null : output.Stderr;
        package.Resources.Clear();
        foreach (var item in output.Items)
        {
            var id = item.GetAnnotation(KrmAnnotations.Id) ?? item.GetAnnotation(KrmAnnotations.LegacyId);
            if (id is not null && byId.TryGetValue(id, out var source))
            {
                CommentSync.Apply(source.Root, item.Root);
            }

            item.RemoveAnnotation(KrmAnnotations.Id);
            item.RemoveAnnotation(KrmAnnotations.LegacyId);
            package.Resources.Add(item);
        }

        return new PackageRenderResult(package.Write(files), results);
    }
}
