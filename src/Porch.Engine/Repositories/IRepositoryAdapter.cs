using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>Opens repositories of one type (git, oci, ...). Register one per type with <c>TryAddEnumerable</c>.</summary>
public interface IRepositoryAdapter
{
    /// <summary>Gets the repository type this adapter serves.</summary>
    RepositoryType Type { get; }

    /// <summary>Opens the repository described by <paramref name="repository"/>.</summary>
    /// <param name="repository">The Repository object (namespace, name, spec).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open repository; the caller disposes it.</returns>
    /// <exception cref="Errors.RepositoryUnavailableException">The repository cannot be reached or read.</exception>
    Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default);
}
