namespace Porch.Engine.Repositories;

/// <summary>
/// Credentials for a remote repository: basic authentication, a bearer token, an SSH private key, or a CA bundle that
/// the remote's TLS certificate may chain to. <see cref="ToString"/> never shows the secret part.
/// </summary>
public sealed class RepositoryCredentials
{
    private RepositoryCredentials(string? username, string? password, string? bearerToken, string? sshPrivateKey = null, string? sshPassphrase = null, string? sshKnownHosts = null, string? caBundle = null)
    {
        Username = username;
        Password = password;
        BearerToken = bearerToken;
        SshPrivateKey = sshPrivateKey;
        SshPassphrase = sshPassphrase;
        SshKnownHosts = sshKnownHosts;
        CaBundle = caBundle;
    }

    /// <summary>Gets the user name of basic authentication, or null.</summary>
    public string? Username { get; }

    /// <summary>Gets the password of basic authentication, or null. Never log it.</summary>
    public string? Password { get; }

    /// <summary>Gets the bearer token, or null. Never log it.</summary>
    public string? BearerToken { get; }

    /// <summary>Gets the SSH private key (OpenSSH or PEM text), or null. Never log it.</summary>
    public string? SshPrivateKey { get; }

    /// <summary>Gets the passphrase of <see cref="SshPrivateKey"/>, or null when the key is not encrypted. Never log it.</summary>
    public string? SshPassphrase { get; }

    /// <summary>
    /// Gets the host keys the SSH server must present, in OpenSSH <c>known_hosts</c> format, or null (the host's own
    /// known hosts files decide; an unknown host is refused).
    /// </summary>
    public string? SshKnownHosts { get; }

    /// <summary>Gets the PEM certificates (Porch's <c>ca.crt</c>) an HTTPS remote's certificate may chain to, besides the system's, or null.</summary>
    public string? CaBundle { get; }

    /// <summary>Gets a value indicating whether these credentials are an SSH private key.</summary>
    public bool IsSshKey => SshPrivateKey is not null;

    /// <summary>Gets a value indicating whether these credentials are only a CA bundle (no user credentials).</summary>
    public bool IsCaBundle => CaBundle is not null;

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

    /// <summary>Creates SSH private-key credentials (secret type <c>kubernetes.io/ssh-auth</c> with key <c>ssh-privatekey</c>).</summary>
    /// <param name="privateKey">The private key, OpenSSH or PEM text.</param>
    /// <param name="passphrase">The key's passphrase, or null when the key is not encrypted.</param>
    /// <param name="knownHosts">The server's host keys in <c>known_hosts</c> format, or null.</param>
    /// <returns>The credentials.</returns>
    public static RepositoryCredentials SshKey(string privateKey, string? passphrase = null, string? knownHosts = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKey);
        return new RepositoryCredentials(null, null, null, privateKey, string.IsNullOrEmpty(passphrase) ? null : passphrase, string.IsNullOrWhiteSpace(knownHosts) ? null : knownHosts);
    }

    /// <summary>Creates a CA bundle (Porch's <c>&lt;namespace&gt;-ca-bundle</c> secret with key <c>ca.crt</c>).</summary>
    /// <param name="pem">One or more PEM certificates.</param>
    /// <returns>The CA bundle.</returns>
    public static RepositoryCredentials CertificateAuthorities(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        return new RepositoryCredentials(null, null, null, caBundle: pem);
    }

    /// <summary>Returns a description without the secret part.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => this switch
    {
        { BearerToken: not null } => "bearer token (redacted)",
        { SshPrivateKey: not null } => "ssh private key (redacted)" + (SshPassphrase is null ? "" : ", passphrase (redacted)") + (SshKnownHosts is null ? "" : ", known hosts given"),
        { CaBundle: not null } => "CA bundle",
        _ => $"basic auth user {Username} (password redacted)",
    };
}
