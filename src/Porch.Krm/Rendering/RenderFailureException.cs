using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// A render step failed. The message is kpt's nested error text (kpt <c>pkg/lib/errors</c>: <c>errors.E(op, path, err)</c>
/// prints <c>op: pkg &lt;path&gt;: err</c>, a wrapped <c>*errors.Error</c> goes after <c>:\n\t</c>, and the same op or path
/// is not repeated); the exception also carries the resources reached when the failure happened, for
/// <c>kpt.dev/save-on-render-failure</c>.
/// </summary>
internal sealed class RenderFailureException : Exception
{
    private RenderFailureException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    /// <summary>Gets the resources of the failing package as they were when the step failed, or null.</summary>
    public IReadOnlyList<KubeObject>? PartialResources { get; private set; }

    /// <summary>Gets how kpt names the failing package (<c>.</c>, <c>./sub</c>).</summary>
    public string PackageDisplayPath { get; private init; } = ".";

    /// <summary>Gets the cause, the text after the package and op prefixes.</summary>
    public string Cause { get; private init; } = "";

    /// <summary>Gets a value indicating whether kpt wraps the cause in <c>pipeline.run</c> (a function or its runner failed).</summary>
    public bool InPipelineRun { get; private init; }

    /// <summary>A copy of this failure carrying other partial resources.</summary>
    public RenderFailureException WithPartial(IReadOnlyList<KubeObject>? partial) =>
        new(Message, InnerException) { PartialResources = partial, PackageDisplayPath = PackageDisplayPath, Cause = Cause, InPipelineRun = InPipelineRun };

    /// <summary>
    /// The same failure as kpt's <c>hydrateBfsOrder</c> reports it: every error is wrapped once more in
    /// <c>errors.E("pkg.render", root, err)</c>, so a subpackage's <c>pipeline.run</c> error keeps its own path
    /// (<c>pkg.render: pkg .:\n\tpipeline.run: pkg ./sub: ...</c>) and a plain error loses it (<c>pkg.render: pkg .: ...</c>).
    /// </summary>
    public RenderFailureException ForBreadthFirst()
    {
        string message;
        if (!InPipelineRun)
        {
            message = $"pkg.render: pkg .: {Cause}";
        }
        else if (PackageDisplayPath == ".")
        {
            message = $"pkg.render: pkg .:\n\tpipeline.run: {Cause}";
        }
        else
        {
            message = $"pkg.render: pkg .:\n\tpipeline.run: pkg {PackageDisplayPath}: {Cause}";
        }

        return new(message, InnerException) { PartialResources = PartialResources, PackageDisplayPath = PackageDisplayPath, Cause = Cause, InPipelineRun = InPipelineRun };
    }

    /// <summary>kpt's <c>pkg.render: pkg &lt;p&gt;:\n\tpipeline.run: &lt;cause&gt;</c>: a function, or its runner, failed.</summary>
    public static RenderFailureException Pipeline(string packageDisplayPath, string cause, IReadOnlyList<KubeObject>? partial, Exception? inner = null) =>
        new($"pkg.render: pkg {packageDisplayPath}:\n\tpipeline.run: {cause}", inner) { PartialResources = partial, PackageDisplayPath = packageDisplayPath, Cause = cause, InPipelineRun = true };

    /// <summary>
    /// kpt's <c>pkg.render: pkg &lt;p&gt;: &lt;cause&gt;</c> for errors <c>runPipeline</c> returns unwrapped (non-KRM input
    /// without a pipeline, <c>ValidatePipeline</c>) and for errors outside a pipeline (reading a package).
    /// </summary>
    public static RenderFailureException Package(string packageDisplayPath, string cause, Exception? inner = null, IReadOnlyList<KubeObject>? partial = null) =>
        new($"pkg.render: pkg {packageDisplayPath}: {cause}", inner) { PartialResources = partial, PackageDisplayPath = packageDisplayPath, Cause = cause };
}
