using Microsoft.Extensions.Logging;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// Renders a package as <c>kpt fn render</c> does (kpt <c>render_executor.go</c>): every Kptfile pipeline,
/// subpackages first, functions found among the registered runtimes by their resolved image, output written in kpt's
/// format, and the root Kptfile's <c>Rendered</c> condition and <c>renderStatus</c> updated.
/// </summary>
public sealed class KptPackageRenderer : IPackageRenderer
{
    /// <summary>Root Kptfile annotation: keep the partially rendered resources when a function fails.</summary>
    public const string SaveOnRenderFailureAnnotation = "kpt.dev/save-on-render-failure";

    /// <summary>Root Kptfile annotation: render top-down instead of depth-first.</summary>
    public const string BfsRenderingAnnotation = "kpt.dev/bfs-rendering";

    private readonly IFunctionRuntime[] _runtimes;
    private readonly ILogger _logger;
    private readonly Diagnostics.KrmMetrics _metrics;

    /// <summary>Creates a renderer over the function runtimes that may run a package's functions.</summary>
    /// <param name="runtimes">The runtimes, asked in order which of them runs each function.</param>
    /// <param name="logger">The logger, or null for none.</param>
    /// <param name="meterFactory">The host's meter factory, or null for a meter of the renderer's own.</param>
    public KptPackageRenderer(IEnumerable<IFunctionRuntime> runtimes, ILogger<KptPackageRenderer>? logger = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        _runtimes = runtimes.ToArray();
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _metrics = new Diagnostics.KrmMetrics(meterFactory);
    }

    /// <inheritdoc/>
    public async Task<PackageRenderResult> RenderAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var session = new RenderSession(files, _runtimes, _logger, cancellationToken, _metrics);
        if (!files.ContainsKey(Kptfile.FileName))
        {
            _logger.RenderSkippedNoKptfile();
            return new PackageRenderResult(files, session.Results);
        }

        RenderPackage root;
        try
        {
            root = PackageTree.LoadRoot(files);
        }
        catch (RenderFailureException ex)
        {
            // kpt stops before it can write any status when the root package cannot be read.
            session.Results.ExitCode = 1;
            _logger.RenderFailed(ex.Message);
            return new PackageRenderResult(files, session.Results, ex.Message);
        }

        List<KubeObject>? output = null;
        RenderFailureException? failure = null;
        try
        {
            PackageTree.Expand(root, files);
            output = IsTrue(root.Kptfile, BfsRenderingAnnotation)
                ? await session.RenderBreadthFirstAsync(root).ConfigureAwait(false)
                : await session.HydrateRootAsync(root).ConfigureAwait(false);
        }
        catch (RenderFailureException ex)
        {
            failure = ex;
        }

        var packages = PackageTree.BreadthFirst(root).ToDictionary(p => p.PackagePathAnnotation, StringComparer.Ordinal);
        Dictionary<string, string> rendered;
        string? error = failure?.Message;
        if (failure is null)
        {
            try
            {
                var sources = packages.Values.SelectMany(p => p.ContributingFiles);
                rendered = RenderedFiles.Write(files, output!, packages, sources);
            }
            catch (StepFailureException ex)
            {
                error = ex.Message;
                rendered = new Dictionary<string, string>(files, StringComparer.Ordinal);
            }
        }
        else if (IsTrue(root.Kptfile, SaveOnRenderFailureAnnotation) && SavedResources(root, session, failure) is { } partial)
        {
            try
            {
                rendered = RenderedFiles.Write(files, partial, packages, pruneFiles: null);
            }
            catch (StepFailureException)
            {
                rendered = new Dictionary<string, string>(files, StringComparer.Ordinal);
            }
        }
        else
        {
            rendered = new Dictionary<string, string>(files, StringComparer.Ordinal);
        }

        if (error is not null)
        {
            session.Results.ExitCode = 1;
            session.Steps.ErrorSummary = RenderStatusWriter.ErrorSummary(session.Steps);
            _logger.RenderFailed(error);
        }
        else
        {
            _logger.RenderSucceeded(packages.Count, session.Results.Items.Count);
        }

        RenderStatusWriter.Apply(rendered, error, session.Steps);
        if (error is not null)
        {
            return new PackageRenderResult(rendered, session.Results, error);
        }

        // The write above found every resource's path inside the package, so making the output resources cannot fail;
        // they are made only when asked for (kpt's --output stdout), not for callers that take the files.
        return new PackageRenderResult(rendered, session.Results) { ResourcesFactory = () => RenderedFiles.OutputResources(output!, packages) };
    }

    /// <summary>What kpt's <c>Execute</c> writes on a failure with <c>save-on-render-failure</c>: the root node's resources.</summary>
    private static IReadOnlyList<KubeObject>? SavedResources(RenderPackage root, RenderSession session, RenderFailureException failure) =>
        IsTrue(root.Kptfile, BfsRenderingAnnotation) ? failure.PartialResources : session.RootResourcesAfterFailure;

    private static bool IsTrue(Kptfile kptfile, string annotation) =>
        kptfile.Annotations.TryGetValue(annotation, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
