namespace Porch.Krm.Rendering;

/// <summary>Renders a package as <c>kpt fn render</c> does: every Kptfile pipeline, subpackages first.</summary>
public interface IPackageRenderer
{
    /// <summary>Renders the package given by its files.</summary>
    /// <param name="files">The files of the package: path relative to the package root to full text.</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <returns>The outcome; a failed render is an outcome, not an exception.</returns>
    Task<PackageRenderResult> RenderAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default);
}
