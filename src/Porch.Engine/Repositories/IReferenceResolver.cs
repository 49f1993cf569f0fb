using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>Finds the Repository objects the engine works on (in Kubernetes: the Repository custom resources).</summary>
public interface IReferenceResolver
{
    /// <summary>Gets one repository.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The repository name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The repository, or null when there is none with that name.</returns>
    ValueTask<Repository?> GetRepositoryAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists repositories.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The repositories, ordered by namespace and name.</returns>
    ValueTask<IReadOnlyList<Repository>> ListRepositoriesAsync(string? @namespace, CancellationToken cancellationToken = default);
}
