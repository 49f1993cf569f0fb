namespace Porch.Engine.Repositories;

/// <summary>Credentials for a remote repository. <see cref="ToString"/> never shows the secret part.</summary>
public sealed class RepositoryCredentials
{
    private RepositoryCredentials(string? username, string? password, string? bearerToken)
    {
        Username = username;
        Password = password;
        BearerToken = bearerToken;
    }

    /// <summary>Gets the user name of basic authentication, or null.</summary>
    public string? Username { get; }

    /// <summary>Gets the password of basic authentication, or null. Never log it.</summary>
    public string? Password { get; }

    /// <summary>Gets the bearer token, or null. Never log it.</summary>
    public string? BearerToken { get; }

    /// <summary>Creates basic-authentication credentials (secret type <c>kubernetes.io/basic-auth</c>).</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The credentials.</returns>
    public static RepositoryCredentials Basic(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return new RepositoryCredentials(username, password, null);
    }

    /// <summary>Creates bearer-token credentials (secret type <c>Opaque</c> with key <c>bearerToken</c>).</summary>
    /// <param name="token">The token.</param>
    /// <returns>The credentials.</returns>
    public static RepositoryCredentials Bearer(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new RepositoryCredentials(null, null, token);
    }

    /// <summary>Returns a description without the secret part.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => BearerToken is not null ? "bearer token (redacted)" : $"basic auth user {Username} (password redacted)";
}
