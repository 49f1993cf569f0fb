using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>
/// A render step failed. The message is kpt's nested error text (<c>pkg.render: pkg .:\n\tpipeline.run: ...</c>);
/// the exception also carries the resources reached when the failure happened, for
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

    /// <summary>A copy of this failure carrying other partial resources.</summary>
    public RenderFailureException WithPartial(IReadOnlyList<KubeObject> partial) => new(Message, InnerException) { PartialResources = partial };

    /// <summary>kpt's <c>pkg.render: pkg &lt;p&gt;:\n\tpipeline.run: &lt;cause&gt;</c>.</summary>
    public static RenderFailureException Pipeline(string packageDisplayPath, string cause, IReadOnlyList<KubeObject>? partial, Exception? inner = null) =>
        new($"pkg.render: pkg {packageDisplayPath}:\n\tpipeline.run: {cause}", inner) { PartialResources = partial };

    /// <summary>kpt's <c>pkg.render: pkg &lt;p&gt;: &lt;cause&gt;</c> for errors outside a pipeline (reading a package).</summary>
    public static RenderFailureException Package(string packageDisplayPath, string cause, Exception? inner = null) =>
        new($"pkg.render: pkg {packageDisplayPath}: {cause}", inner);
}
