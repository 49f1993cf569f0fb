using Porch.Krm;

namespace Porch.PackageVariants;

/// <summary>
/// The "in-cluster" objects the controllers read: injectors of a PackageVariant pick from them, and a
/// PackageVariantSet's object selector selects them. A host registers the kinds it serves.
/// </summary>
public interface IClusterObjectSource
{
    /// <summary>The objects of one apiVersion and kind in a namespace.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="apiVersion">The apiVersion (<c>group/version</c>, or <c>v1</c> for the core group).</param>
    /// <param name="kind">The kind.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The objects, possibly none.</returns>
    ValueTask<IReadOnlyList<KubeObject>> ListAsync(string @namespace, string apiVersion, string kind, CancellationToken cancellationToken = default);
}
