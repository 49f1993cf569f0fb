using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>
/// Opens repositories (Git, OCI, a database, memory, ...). Register each with <c>TryAddEnumerable</c>; a Repository
/// object is opened by the first registered adapter whose <see cref="CanOpen"/> accepts it.
/// </summary>
public interface IRepositoryAdapter
{
    /// <summary>Gets the repository type this adapter serves (<c>spec.type</c> on the wire: <c>git</c>, <c>oci</c>).</summary>
    /// <remarks>Only the default <see cref="CanOpen"/> reads it; an adapter that decides otherwise overrides <see cref="CanOpen"/>.</remarks>
    RepositoryType Type { get; }

    /// <summary>Gets whether this adapter opens <paramref name="repository"/>.</summary>
    /// <param name="repository">The Repository object (namespace, name, spec).</param>
    /// <returns>By default, whether <c>spec.type</c> (git when absent, as Porch) is <see cref="Type"/>.</returns>
    bool CanOpen(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return (repository.Spec.Type ?? RepositoryType.Git) == Type;
    }

    /// <summary>Opens the repository described by <paramref name="repository"/>.</summary>
    /// <param name="repository">The Repository object (namespace, name, spec).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open repository; the caller disposes it.</returns>
    /// <exception cref="Errors.RepositoryUnavailableException">The repository cannot be reached or read.</exception>
    Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default);
}
