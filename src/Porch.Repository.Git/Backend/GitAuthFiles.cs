using System.Globalization;
using System.Text;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// The files one git process needs for credentials that git reads from files: the CA bundle (<c>http.sslCAInfo</c>
/// through <c>GIT_CONFIG_*</c> environment) and the SSH private key, its passphrase and known hosts (through
/// <c>GIT_SSH_COMMAND</c>). They are written into a new folder only the current user can read (0700, files 0600),
/// named by paths we chose, so no user-given text reaches a command line; <see cref="Dispose"/> deletes the folder.
/// </summary>
internal sealed class GitAuthFiles : IDisposable
{
    private readonly DirectoryInfo _folder;

    private GitAuthFiles(DirectoryInfo folder) => _folder = folder;

    /// <summary>Gets the git configuration entries to pass as <c>GIT_CONFIG_*</c> environment.</summary>
    public List<(string Key, string Value)> Config { get; } = [];

    /// <summary>Gets the environment variables to set.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes the files <paramref name="auth"/> needs, or returns null when it needs none.</summary>
    /// <param name="auth">The credentials.</param>
    /// <param name="connectTimeoutSeconds">ssh's <c>ConnectTimeout</c>.</param>
    /// <param name="systemEnvironment">The environment git would run with (for the CA file it names), or null for this process's.</param>
    public static GitAuthFiles? Create(GitAuth auth, int connectTimeoutSeconds, IDictionary<string, string?>? systemEnvironment = null)
    {
        if (auth.CaBundle is null && !auth.IsSshKey)
        {
            return null;
        }

        // Created 0700 on Unix.
        var files = new GitAuthFiles(Directory.CreateTempSubdirectory("porch-git-auth-"));
        try
        {
            if (auth.CaBundle is { } pem)
            {
                // The bundle adds to the roots git would trust otherwise (as Porch's go-git adds it to the system pool):
                // the file GIT_SSL_CAINFO or SSL_CERT_FILE names, else the system's. GIT_SSL_CAINFO wins over the config.
                var system = SystemCaFile(systemEnvironment);
                var text = system is null ? pem : File.ReadAllText(system).TrimEnd() + "\n" + pem;
                var path = files.Write("ca-bundle.pem", text);
                files.Config.Add(("http.sslCAInfo", path));
                files.Environment["GIT_SSL_CAINFO"] = path;
            }

            if (auth.Credentials is { SshPrivateKey: { } key } credentials)
            {
                // OpenSSH refuses a key file without a final newline.
                var keyText = key.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
                var command = new StringBuilder("ssh -i ").Append(Quote(files.Write("id", keyText)))
                    .Append(" -o IdentitiesOnly=yes -o IdentityAgent=none -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no")
                    .Append(" -o PreferredAuthentications=publickey -o StrictHostKeyChecking=yes -o ConnectTimeout=")
                    .Append(connectTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
                if (credentials.SshKnownHosts is { } knownHosts)
                {
                    command.Append(" -o UserKnownHostsFile=").Append(Quote(files.Write("known_hosts", knownHosts.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n")))
                        .Append(" -o GlobalKnownHostsFile=/dev/null");
                }

                if (credentials.SshPassphrase is { } passphrase)
                {
                    // ssh asks SSH_ASKPASS for the passphrase (BatchMode would forbid asking); the program prints a file we wrote.
                    var passphraseFile = files.Write("passphrase", passphrase);
                    var askPass = files.Write("askpass", "#!/bin/sh\nexec cat " + Quote(passphraseFile) + "\n", executable: true);
                    files.Environment["SSH_ASKPASS"] = askPass;
                    files.Environment["SSH_ASKPASS_REQUIRE"] = "force";
                    files.Environment["DISPLAY"] = "none";
                    command.Append(" -o BatchMode=no -o NumberOfPasswordPrompts=1");
                }
                else
                {
                    command.Append(" -o BatchMode=yes");
                }

                files.Environment["GIT_SSH_COMMAND"] = command.ToString();
                files.Environment["GIT_SSH_VARIANT"] = "ssh";
            }

            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a file still open on a platform that forbids deleting it; the OS temp cleanup takes it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>The CA file git would use without a bundle: <c>GIT_SSL_CAINFO</c>, <c>SSL_CERT_FILE</c>, else Debian's and Red Hat's system bundles.</summary>
    private static string? SystemCaFile(IDictionary<string, string?>? environment)
    {
        string? Variable(string name) => environment is null ? System.Environment.GetEnvironmentVariable(name) : environment.TryGetValue(name, out var value) ? value : null;
        foreach (var candidate in new[] { Variable("GIT_SSL_CAINFO"), Variable("SSL_CERT_FILE"), "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private string Write(string name, string text, bool executable = false)
    {
        var path = Path.Combine(_folder.FullName, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = executable ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(new UTF8Encoding(false).GetBytes(text));
        }

        return path;
    }

    /// <summary>Quotes a path of ours for the shell git runs <c>GIT_SSH_COMMAND</c> and the askpass program with.</summary>
    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
