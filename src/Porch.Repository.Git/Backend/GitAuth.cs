using System.Text;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// Credentials in the form git consumes them. HTTP: one <c>Authorization</c> header passed through
/// <c>GIT_CONFIG_COUNT</c>/<c>GIT_CONFIG_KEY_n</c>/<c>GIT_CONFIG_VALUE_n</c> environment variables, so the secret is never
/// part of a URL or of a command line. SSH keys and CA bundles travel as files in a private folder
/// (<see cref="GitAuthFiles"/>). <see cref="Scrub"/> removes every secret form from text that leaves the process.
/// </summary>
internal sealed class GitAuth
{
    private readonly string[] _secrets;

    private GitAuth(string? header, string[] secrets, RepositoryCredentials? credentials, string? caBundle)
    {
        AuthorizationHeader = header;
        _secrets = secrets;
        Credentials = credentials;
        CaBundle = caBundle;
    }

    /// <summary>Gets the instance for anonymous access.</summary>
    public static GitAuth None { get; } = new(null, [], null, null);

    /// <summary>Gets the header value (<c>Authorization: ...</c>), or null.</summary>
    public string? AuthorizationHeader { get; }

    /// <summary>Gets the resolved user credentials for in-process transports (libgit2 callbacks), or null for anonymous access.</summary>
    public RepositoryCredentials? Credentials { get; }

    /// <summary>Gets the PEM certificates an HTTPS remote's certificate may chain to (besides the system's), or null.</summary>
    public string? CaBundle { get; }

    /// <summary>Gets a value indicating whether the credentials are a bearer token (sent as an HTTP header, not through a credential callback).</summary>
    public bool IsBearer => Credentials?.BearerToken is not null;

    /// <summary>Gets a value indicating whether the credentials are an SSH private key.</summary>
    public bool IsSshKey => Credentials?.SshPrivateKey is not null;

    /// <summary>Creates the git form of <paramref name="credentials"/> (a CA-bundle-only value gives no user credentials), with an optional CA bundle.</summary>
    public static GitAuth From(RepositoryCredentials? credentials, string? caBundle = null)
    {
        if (credentials is { IsCaBundle: true })
        {
            caBundle ??= credentials.CaBundle;
            credentials = null;
        }

        if (credentials is null)
        {
            return caBundle is null ? None : new GitAuth(null, [], null, caBundle);
        }

        if (credentials.BearerToken is { } token)
        {
            return new GitAuth("Authorization: Bearer " + token, [token], credentials, caBundle);
        }

        if (credentials.SshPrivateKey is { } key)
        {
            var secrets = new List<string> { key.Trim() };
            foreach (var line in key.Split('\n'))
            {
                // A key's body lines, in case a tool quotes part of the key file.
                var trimmed = line.Trim();
                if (trimmed.Length >= 16 && !trimmed.StartsWith("-----", StringComparison.Ordinal))
                {
                    secrets.Add(trimmed);
                }
            }

            if (credentials.SshPassphrase is { } passphrase)
            {
                secrets.Add(passphrase);
            }

            return new GitAuth(null, secrets.ToArray(), credentials, caBundle);
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Username + ":" + credentials.Password));
        var basicSecrets = string.IsNullOrEmpty(credentials.Password) ? new[] { basic } : new[] { basic, credentials.Password };
        return new GitAuth("Authorization: Basic " + basic, basicSecrets, credentials, caBundle);
    }

    /// <summary>Replaces every occurrence of a secret in <paramref name="text"/> with <c>***</c>.</summary>
    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    /// <inheritdoc/>
    public override string ToString() => (AuthorizationHeader, IsSshKey, CaBundle) switch
    {
        (not null, _, _) => "http authorization (redacted)" + (CaBundle is null ? "" : ", CA bundle"),
        (_, true, _) => "ssh private key (redacted)",
        (_, _, not null) => "anonymous, CA bundle",
        _ => "anonymous",
    };
}
