using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>Resolves the secret a Repository names in <c>spec.git.secretRef</c> into credentials.</summary>
public interface ICredentialResolver
{
    /// <summary>Resolves credentials.</summary>
    /// <param name="namespace">The namespace of the Repository (and the secret).</param>
    /// <param name="secretRef">The secret reference.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="Errors.PackageValidationException">The secret cannot be resolved: <c>cannot resolve credentials in a secret &lt;ns&gt;/&lt;name&gt;: ...</c>.</exception>
    ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default);
}
