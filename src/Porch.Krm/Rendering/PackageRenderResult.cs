
namespace Porch.Krm.Rendering;

/// <summary>The outcome of rendering a package.</summary>
public sealed class PackageRenderResult
{
    /// <summary>Initializes a new instance of the <see cref="PackageRenderResult"/> class.</summary>
    /// <param name="files">The files after rendering (see <see cref="Files"/>).</param>
    /// <param name="results">The function results.</param>
    /// <param name="error">The render error, or null on success.</param>
    public PackageRenderResult(IReadOnlyDictionary<string, string> files, FunctionResultList results, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(results);
        Files = files;
        Results = results;
        Error = error;
    }

    /// <summary>
    /// Gets the files after rendering. On failure these are the files as given, or the partially rendered files when
    /// the root Kptfile carries kpt's <c>kpt.dev/save-on-render-failure: "true"</c> annotation.
    /// </summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>Gets the results of every function that ran, in kpt's FunctionResultList shape.</summary>
    public FunctionResultList Results { get; }

    /// <summary>Gets the error text of a failed render, or null.</summary>
    public string? Error { get; }

    /// <summary>
    /// Gets the root package's resources after a successful render, as kpt's <c>fn render --output stdout</c> writes them
    /// (render executor.go, <c>adjustRelPath</c>): in the order the pipelines left them, with kpt's reader annotations, the
    /// path annotations relative to the root package and no package-path annotation. Empty when the render failed or
    /// when there was no Kptfile to render.
    /// </summary>
    public IReadOnlyList<KubeObject> Resources
    {
        get => _madeResources?.Value ?? _resources;
        init => _resources = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Makes <see cref="Resources"/> on first use (once, on any thread), for callers that want the files only.</summary>
    internal Func<IReadOnlyList<KubeObject>> ResourcesFactory
    {
        init => _madeResources = new Lazy<IReadOnlyList<KubeObject>>(value, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly IReadOnlyList<KubeObject> _resources = [];
    private readonly Lazy<IReadOnlyList<KubeObject>>? _madeResources;

    /// <summary>Gets a value indicating whether the render succeeded.</summary>
    public bool Succeeded => Error is null;
}
