using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>The files git reads SSH keys and CA bundles from: private, named by us, never on the command line, deleted after.</summary>
public sealed class GitAuthFilesTests
{
    private const string Key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBvZXJ5LXNlY3JldC1rZXktbWF0ZXJpYWwtZm9yLXRlc3Rz\n-----END OPENSSH PRIVATE KEY-----";

    [Fact]
    public void Create_NothingToWrite_ReturnsNull()
    {
        Assert.Null(GitAuthFiles.Create(GitAuth.None, 5));
        Assert.Null(GitAuthFiles.Create(GitAuth.From(RepositoryCredentials.Basic("u", "p")), 5));
    }

    [Fact]
    public void Create_SshKeyWithKnownHostsAndPassphrase_PrivateFilesNamedInSshCommand_DeletedOnDispose()
    {
        var auth = GitAuth.From(RepositoryCredentials.SshKey(Key, "pass phrase 'quoted'", "[127.0.0.1]:2222 ssh-ed25519 AAAAC3Nz"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        string folder;
        using (var files = GitAuthFiles.Create(auth, 7)!)
        {
            var command = files.Environment["GIT_SSH_COMMAND"];
            var keyPath = Path.Combine(Path.GetDirectoryName(files.Config.Single().Value)!, "id");
            folder = Path.GetDirectoryName(keyPath)!;
            Assert.Equal(("http.sslCAInfo", Path.Combine(folder, "ca-bundle.pem")), files.Config.Single());
            Assert.StartsWith("ssh -i '" + keyPath + "' -o IdentitiesOnly=yes", command, StringComparison.Ordinal);
            Assert.Contains("-o StrictHostKeyChecking=yes", command, StringComparison.Ordinal);
            Assert.Contains("-o ConnectTimeout=7", command, StringComparison.Ordinal);
            Assert.Contains("-o UserKnownHostsFile='" + Path.Combine(folder, "known_hosts") + "'", command, StringComparison.Ordinal);
            Assert.DoesNotContain("pass phrase", command, StringComparison.Ordinal);
            Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEA", command, StringComparison.Ordinal);
            Assert.Equal("force", files.Environment["SSH_ASKPASS_REQUIRE"]);
            Assert.Equal(Key + "\n", File.ReadAllText(keyPath));
            Assert.Equal("pass phrase 'quoted'", File.ReadAllText(Path.Combine(folder, "passphrase")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "passphrase")));
            }
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Scrub_And_ToString_NeverShowTheKeyOrPassphrase()
    {
        var credentials = RepositoryCredentials.SshKey(Key, "s3cret-phrase", "host ssh-ed25519 AAAA");
        var auth = GitAuth.From(credentials);
        var text = auth.Scrub("Load key: " + Key + " / b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW / s3cret-phrase");

        Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-phrase", text, StringComparison.Ordinal);
        Assert.Equal("ssh private key (redacted)", auth.ToString());
        Assert.Equal("ssh private key (redacted), passphrase (redacted), known hosts given", credentials.ToString());
        Assert.Equal("CA bundle", RepositoryCredentials.CertificateAuthorities("-----BEGIN CERTIFICATE-----").ToString());
    }
}
