using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Samples.Server;

/// <summary>
/// Credentials for <c>spec.git.secretRef</c> from configuration, the only place the sample takes them from (addresses
/// with embedded credentials are refused): <c>Porch:Secrets:&lt;namespace&gt;:&lt;name&gt;:username</c> and
/// <c>...:password</c> (basic auth), or <c>...:bearerToken</c>; as environment variables
/// <c>Porch__Secrets__&lt;namespace&gt;__&lt;name&gt;__password</c>, or a key-per-file folder added with
/// <c>--secrets-dir</c>.
/// </summary>
internal sealed class ConfigurationCredentialResolver(IConfiguration configuration) : ICredentialResolver
{
    public const string Section = "Porch:Secrets";

    public ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secretRef);
        var secret = configuration.GetSection($"{Section}:{@namespace}:{secretRef.Name}");
        if (secret["bearerToken"] is { Length: > 0 } token)
        {
            return ValueTask.FromResult(RepositoryCredentials.Bearer(token));
        }

        if (secret["username"] is { Length: > 0 } username && secret["password"] is { } password)
        {
            return ValueTask.FromResult(RepositoryCredentials.Basic(username, password));
        }

        throw new PackageValidationException(
            $"cannot resolve credentials in a secret {@namespace}/{secretRef.Name}: no {Section}:{@namespace}:{secretRef.Name}:username and :password, or :bearerToken, is configured");
    }
}
