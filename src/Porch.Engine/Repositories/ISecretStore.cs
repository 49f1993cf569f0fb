namespace Porch.Engine.Repositories;

/// <summary>
/// Where the host keeps core <c>v1</c> Secrets (the credentials Repository objects name in <c>spec.git.secretRef</c>):
/// process memory by default, the cache database with Porch.Cache's SQLite or PostgreSQL storage. Implementations never
/// write a document into a log or an exception.
/// </summary>
public interface ISecretStore
{
    /// <summary>Gets one secret.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The secret, or null when there is none.</returns>
    ValueTask<StoredSecret?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists secrets, ordered by namespace and name.</summary>
    /// <param name="namespace">The namespace, or null for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The secrets.</returns>
    ValueTask<IReadOnlyList<StoredSecret>> ListAsync(string? @namespace, CancellationToken cancellationToken = default);

    /// <summary>Adds a secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>False when a secret of that namespace and name exists (nothing is written).</returns>
    ValueTask<bool> CreateAsync(StoredSecret secret, CancellationToken cancellationToken = default);

    /// <summary>Replaces a secret when its stored resource version is <paramref name="expectedResourceVersion"/>.</summary>
    /// <param name="secret">The new secret.</param>
    /// <param name="expectedResourceVersion">The resource version the caller read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>False when the secret is gone or was changed since (nothing is written).</returns>
    ValueTask<bool> UpdateAsync(StoredSecret secret, string expectedResourceVersion, CancellationToken cancellationToken = default);

    /// <summary>Removes a secret.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>False when there was none.</returns>
    ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default);
}
