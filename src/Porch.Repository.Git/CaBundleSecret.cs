using Microsoft.Extensions.Logging;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Diagnostics;

namespace Porch.Repository.Git;

/// <summary>
/// Porch's CA bundle of a namespace (<see cref="GitRepositoryOptions.UseGitCaBundle"/>): the secret
/// <c>&lt;namespace&gt;-ca-bundle</c> read through the credential resolver. A failure is logged (naming the secret, never
/// its content) and the caller goes on without the bundle, as Porch does.
/// </summary>
internal static class CaBundleSecret
{
    public static async Task<string?> ResolveAsync(ICredentialResolver? credentials, string ns, ILogger logger, CancellationToken cancellationToken)
    {
        var name = SecretStoreCredentialResolver.CaBundleSecretName(ns);
        if (credentials is null)
        {
            logger.CaBundleUnavailable(ns, name, "no credential resolver is registered");
            return null;
        }

        try
        {
            var resolved = await credentials.ResolveCredentialsAsync(ns, new SecretRef { Name = name }, cancellationToken).ConfigureAwait(false);
            if (resolved.CaBundle is { } pem)
            {
                return pem;
            }

            logger.CaBundleUnavailable(ns, name, $"the secret has no {SecretStoreCredentialResolver.CaBundleKey} key");
        }
        catch (PackageValidationException ex)
        {
            logger.CaBundleUnavailable(ns, name, ex.Message);
        }

        return null;
    }
}
