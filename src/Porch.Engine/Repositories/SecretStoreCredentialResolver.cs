using System.Text;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Engine.Repositories;

/// <summary>
/// Porch's secret resolver (<c>pkg/registry/porch/secret.go</c>) over an <see cref="ISecretStore"/>: the secret is read,
/// then a chain of resolvers is asked in order. <c>kubernetes.io/basic-auth</c> gives its <c>username</c> and
/// <c>password</c> (a missing key is empty, as Porch reads it); an <c>Opaque</c> secret with a <c>bearerToken</c> key
/// gives a bearer token (our addition, for hosts that take tokens); any other type is Porch's
/// <c>no resolver for secret with type T</c>. A missing secret is Porch's
/// <c>cannot resolve credentials in a secret NS/NAME: secrets "NAME" not found</c>. Texts name the secret, never a value.
/// </summary>
public sealed class SecretStoreCredentialResolver : ICredentialResolver
{
    private readonly ISecretStore _store;

    /// <summary>Initializes a resolver over <paramref name="store"/>.</summary>
    /// <param name="store">Where the secrets are kept.</param>
    public SecretStoreCredentialResolver(ISecretStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Porch's <c>BasicAuthType</c> (core's <c>SecretTypeBasicAuth</c>).</summary>
    public const string BasicAuthType = "kubernetes.io/basic-auth";

    /// <summary>The key of a bearer token in an <c>Opaque</c> secret.</summary>
    public const string BearerTokenKey = "bearerToken";

    /// <inheritdoc/>
    public async ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secretRef);
        var secret = await _store.GetAsync(@namespace, secretRef.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new PackageValidationException($"cannot resolve credentials in a secret {@namespace}/{secretRef.Name}: secrets \"{secretRef.Name}\" not found");
        var type = secret.SecretType();
        if (type == BasicAuthType)
        {
            return RepositoryCredentials.Basic(Text(secret, "username"), Text(secret, "password"));
        }

        if (type == "Opaque" && secret.Data(BearerTokenKey) is { Length: > 0 } token)
        {
            return RepositoryCredentials.Bearer(Encoding.UTF8.GetString(token));
        }

        throw new PackageValidationException($"no resolver for secret with type {type}");
    }

    private static string Text(StoredSecret secret, string key) => secret.Data(key) is { } bytes ? Encoding.UTF8.GetString(bytes) : "";
}
