using System.Text;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// HTTP credentials in the form git consumes them: one <c>Authorization</c> header passed through
/// <c>GIT_CONFIG_COUNT</c>/<c>GIT_CONFIG_KEY_n</c>/<c>GIT_CONFIG_VALUE_n</c> environment variables, so the secret is never
/// part of a URL or of a command line. <see cref="Scrub"/> removes every secret form from text that leaves the process.
/// </summary>
internal sealed class GitAuth
{
    private readonly string[] _secrets;

    private GitAuth(string? header, string[] secrets, RepositoryCredentials? credentials = null)
    {
        AuthorizationHeader = header;
        _secrets = secrets;
        Credentials = credentials;
    }

    /// <summary>Gets the instance for anonymous access.</summary>
    public static GitAuth None { get; } = new(null, []);

    /// <summary>Gets the header value (<c>Authorization: ...</c>), or null.</summary>
    public string? AuthorizationHeader { get; }

    /// <summary>Gets the resolved credentials for in-process transports (libgit2 callbacks), or null for anonymous access.</summary>
    public RepositoryCredentials? Credentials { get; }

    /// <summary>Gets a value indicating whether the credentials are a bearer token (sent as an HTTP header, not through a credential callback).</summary>
    public bool IsBearer => Credentials?.BearerToken is not null;

    public static GitAuth From(RepositoryCredentials? credentials)
    {
        if (credentials is null)
        {
            return None;
        }

        if (credentials.BearerToken is { } token)
        {
            return new GitAuth("Authorization: Bearer " + token, [token], credentials);
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Username + ":" + credentials.Password));
        var secrets = string.IsNullOrEmpty(credentials.Password) ? new[] { basic } : new[] { basic, credentials.Password };
        return new GitAuth("Authorization: Basic " + basic, secrets, credentials);
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
    public override string ToString() => AuthorizationHeader is null ? "anonymous" : "http authorization (redacted)";
}
