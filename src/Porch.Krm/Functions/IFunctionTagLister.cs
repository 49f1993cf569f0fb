namespace Porch.Krm.Functions;

/// <summary>
/// Lists the tags a function runtime can run for an image, so a pipeline step whose <c>tag</c> is a version
/// constraint (<c>~0.2</c>, <c>0.4.1 - 0.4.3</c>) resolves to the highest matching tag (kpt's <c>TagLister</c>).
/// A function runtime that also implements this interface is asked by the renderer, in runtime order.
/// </summary>
public interface IFunctionTagLister
{
    /// <summary>Gets the lister's name, used in log messages.</summary>
    string Name { get; }

    /// <summary>Lists the tags known for an image.</summary>
    /// <param name="image">The image without tag or digest, e.g. <c>ghcr.io/kptdev/krm-functions-catalog/set-labels</c>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tags, in any order; empty when the image is unknown to this lister.</returns>
    ValueTask<IReadOnlyList<string>> ListTagsAsync(string image, CancellationToken cancellationToken = default);
}
