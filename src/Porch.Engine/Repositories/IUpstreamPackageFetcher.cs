using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>
/// Fetches a package straight from an upstream repository that is not registered with Porch (the <c>git</c> source of a
/// clone task). An adapter package registers one; the engine uses the last registered.
/// </summary>
public interface IUpstreamPackageFetcher
{
    /// <summary>Fetches the files of the package at <see cref="GitPackage.Directory"/> of <see cref="GitPackage.Repo"/> at <see cref="GitPackage.Ref"/>.</summary>
    /// <param name="namespace">The namespace of the package revision being created (where <see cref="GitPackage.SecretRef"/> lives).</param>
    /// <param name="package">The repository address, ref, directory and optional credentials secret.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The package's files, relative to its directory, and the commit the ref resolved to.</returns>
    /// <exception cref="Errors.PackageValidationException">The ref or the package cannot be found: <c>cannot find package &lt;dir&gt;@&lt;ref&gt;</c>.</exception>
    /// <exception cref="Errors.RepositoryUnavailableException">The repository cannot be reached.</exception>
    Task<UpstreamPackageContent> FetchAsync(string @namespace, GitPackage package, CancellationToken cancellationToken = default);
}
