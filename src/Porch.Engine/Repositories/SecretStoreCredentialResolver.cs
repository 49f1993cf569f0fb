using System.Text;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.Engine.Repositories;

/// <summary>
/// Porch's secret resolver (<c>pkg/registry/porch/secret.go</c>) over an <see cref="ISecretStore"/>: the secret is read,
/// then a chain of resolvers is asked in order. <c>kubernetes.io/basic-auth</c> gives its <c>username</c> and
/// <c>password</c> (a missing key is empty, as Porch reads it); an <c>Opaque</c> secret with a <c>bearerToken</c> key
/// gives a bearer token (our addition, for hosts that take tokens); a <c>kubernetes.io/ssh-auth</c> secret gives its
/// <c>ssh-privatekey</c> with the optional <c>passphrase</c> and <c>known_hosts</c> keys (our addition: Porch has no SSH
/// transport); a secret with a <c>ca.crt</c> key (Porch's <c>CaBundleResolver</c>, read from
/// <see cref="CaBundleSecretName"/>) gives a CA bundle; any other type is Porch's
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

    /// <summary>Kubernetes' SSH secret type (core's <c>SecretTypeSSHAuth</c>).</summary>
    public const string SshAuthType = "kubernetes.io/ssh-auth";

    /// <summary>The key of the private key in a <c>kubernetes.io/ssh-auth</c> secret (core's <c>SSHAuthPrivateKey</c>).</summary>
    public const string SshPrivateKeyKey = "ssh-privatekey";

    /// <summary>The optional key of the private key's passphrase in a <c>kubernetes.io/ssh-auth</c> secret.</summary>
    public const string SshPassphraseKey = "passphrase";

    /// <summary>The optional key of the server's host keys (OpenSSH <c>known_hosts</c> format) in a <c>kubernetes.io/ssh-auth</c> secret.</summary>
    public const string SshKnownHostsKey = "known_hosts";

    /// <summary>Porch's <c>CaBundleDataName</c>: the key of the PEM CA bundle.</summary>
    public const string CaBundleKey = "ca.crt";

    /// <summary>The name of the secret Porch reads a namespace's Git CA bundle from (<c>&lt;namespace&gt;-ca-bundle</c>).</summary>
    /// <param name="namespace">The namespace of the Repository.</param>
    /// <returns>The secret's name.</returns>
    public static string CaBundleSecretName(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return @namespace + "-ca-bundle";
    }

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

        if (type == SshAuthType)
        {
            var key = secret.Data(SshPrivateKeyKey) is { Length: > 0 } bytes
                ? Encoding.UTF8.GetString(bytes)
                : throw new PackageValidationException($"error resolving credential: ssh-auth secret {@namespace}/{secretRef.Name} has no {SshPrivateKeyKey} key");
            return RepositoryCredentials.SshKey(key, Text(secret, SshPassphraseKey), Text(secret, SshKnownHostsKey));
        }

        if (secret.Data(CaBundleKey) is { Length: > 0 } pem)
        {
            return RepositoryCredentials.CertificateAuthorities(Encoding.UTF8.GetString(pem));
        }

        throw new PackageValidationException($"no resolver for secret with type {type}");
    }

    private static string Text(StoredSecret secret, string key) => secret.Data(key) is { } bytes ? Encoding.UTF8.GetString(bytes) : "";
}
