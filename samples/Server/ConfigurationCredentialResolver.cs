using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Samples.Server;

/// <summary>
/// Credentials for <c>spec.git.secretRef</c>: first the Secrets applied through the API (kubectl create secret,
/// porchctl repo register), kept in the SQLite cache database and read as Porch reads them; then, for a secret the API
/// does not hold, configuration: <c>Porch:Secrets:&lt;namespace&gt;:&lt;name&gt;:username</c> and <c>...:password</c>
/// (basic auth), or <c>...:bearerToken</c>; as environment variables <c>Porch__Secrets__&lt;namespace&gt;__&lt;name&gt;__password</c>,
/// or a key-per-file folder added with <c>--secrets-dir</c>. A secret found nowhere gets Porch's text.
/// </summary>
internal sealed class ConfigurationCredentialResolver(IConfiguration configuration, ISecretStore secrets) : ICredentialResolver
{
    public const string Section = "Porch:Secrets";

    private readonly SecretStoreCredentialResolver _fromSecrets = new(secrets);

    public async ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secretRef);
        if (await secrets.GetAsync(@namespace, secretRef.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await _fromSecrets.ResolveCredentialsAsync(@namespace, secretRef, cancellationToken).ConfigureAwait(false);
        }

        var secret = configuration.GetSection($"{Section}:{@namespace}:{secretRef.Name}");
        if (secret["bearerToken"] is { Length: > 0 } token)
        {
            return RepositoryCredentials.Bearer(token);
        }

        if (secret["username"] is { Length: > 0 } username && secret["password"] is { } password)
        {
            return RepositoryCredentials.Basic(username, password);
        }

        throw new PackageValidationException($"cannot resolve credentials in a secret {@namespace}/{secretRef.Name}: secrets \"{secretRef.Name}\" not found");
    }
}
