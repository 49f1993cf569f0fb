using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Ssh;

/// <summary>
/// A real sshd on 127.0.0.1 (own configuration, host key, port and authorized keys; public keys only) serving
/// git-upload-pack and git-receive-pack: an SSH private key from the credential resolver lists, pushes and publishes;
/// a wrong key and a wrong host key are refused; the key never reaches a log line or an exception text.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SshKeyTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse 'battery' $staple";
    private readonly string _root = Directory.CreateTempSubdirectory("porch-git-ssh-").FullName;
    private string _privateKey = "";
    private string _encryptedKey = "";
    private string _wrongKey = "";
    private SshServer? _server;

    private string RepositoryPath => Path.Combine(_root, "blueprints.git");

    private string Url => _server!.Url(RepositoryPath);

    public async Task InitializeAsync()
    {
        TestGit.Run(_root, "init", "--bare", "--quiet", "--initial-branch=main", "blueprints.git");
        var keys = Directory.CreateDirectory(Path.Combine(_root, "keys")).FullName;
        (_privateKey, var publicKey) = SshServer.CreateKey(keys, "client");
        (_encryptedKey, var encryptedPublicKey) = SshServer.CreateKey(keys, "encrypted", Passphrase);
        (_wrongKey, _) = SshServer.CreateKey(keys, "wrong");
        _server = await SshServer.StartAsync(publicKey, encryptedPublicKey);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TestGit.TryDelete(_root);
    }

    [BackendTheory]
    [InlineData("plain")]
    [InlineData("passphrase")]
    public async Task Lifecycle_WithKeyAndKnownHosts_ListsAndPushes(string kind)
    {
        var credentials = kind == "plain"
            ? RepositoryCredentials.SshKey(_privateKey, knownHosts: _server!.KnownHosts)
            : RepositoryCredentials.SshKey(_encryptedKey, Passphrase, _server!.KnownHosts);
        await using var context = new GitTestContext(new Resolver(credentials));
        var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-ssh");
        var draft = await GitTestContext.CreateDraftAsync(repository, "web", "ws1");
        var published = await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, draft, PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 1);
        Assert.Equal(1, published.Key.Revision);
        Assert.NotEmpty(await repository.VersionAsync());
        await repository.RefreshAsync();

        Assert.Equal(["web main -1 Published", "web ws1 1 Published"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        Assert.Contains(TestGit.Refs(RepositoryPath), r => r.StartsWith("refs/tags/web/v1 ", StringComparison.Ordinal));
        Assert.Contains("Accepted publickey for " + Environment.UserName, _server.Log, StringComparison.Ordinal);
        AssertNoKey(context.Logs.AllText, kind == "plain" ? _privateKey : _encryptedKey);
        AssertNoKey(published.Lock.Git!.Repo!, kind == "plain" ? _privateKey : _encryptedKey);
        foreach (var file in Directory.EnumerateFiles(context.CacheDirectory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("objects", StringComparison.Ordinal)))
        {
            AssertNoKey(await File.ReadAllTextAsync(file), _privateKey);
        }
    }

    [Fact]
    public async Task UpstreamFetch_WithKey_ReadsThePackage()
    {
        var credentials = RepositoryCredentials.SshKey(_privateKey, knownHosts: _server!.KnownHosts);
        await using (var context = new GitTestContext(new Resolver(credentials)))
        {
            var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-ssh");
            var draft = await GitTestContext.CreateDraftAsync(repository, "web", "ws1");
            await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, draft, PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 1);
        }

        var fetcher = new GitUpstreamPackageFetcher(Microsoft.Extensions.Options.Options.Create(new GitRepositoryOptions { CacheDirectory = _root }), [new Resolver(credentials)]);
        var content = await fetcher.FetchAsync("default", new GitPackage { Repo = Url, Ref = "web/v1", Directory = "web", SecretRef = new SecretRef { Name = "blueprints-ssh" } });

        Assert.Contains("Kptfile", content.Files.Keys);
        Assert.Equal(TestGit.Run(RepositoryPath, "rev-parse", "refs/tags/web/v1^{commit}").Trim(), content.Commit);
    }

    [BackendFact]
    public async Task Open_WrongKey_FailsWithAuthenticationErrorWithoutTheKey()
    {
        await using var context = new GitTestContext(new Resolver(RepositoryCredentials.SshKey(_wrongKey, knownHosts: _server!.KnownHosts)));
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url, createBranch: true, secret: "blueprints-ssh"));

        Assert.Contains("authentication required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Permission denied (publickey)", ex.Message, StringComparison.Ordinal);
        AssertNoKey(ex.ToString(), _wrongKey);
        AssertNoKey(context.Logs.AllText, _wrongKey);
    }

    [BackendFact]
    public async Task Open_HostKeyNotTheKnownOne_Refused()
    {
        var otherHost = "[127.0.0.1]:" + _server!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(' ', SshServer.CreateKey(Path.Combine(_root, "keys"), "impostor").PublicKey.Split(' ').Take(2));
        await using var context = new GitTestContext(new Resolver(RepositoryCredentials.SshKey(_privateKey, knownHosts: otherHost)));
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url, createBranch: true, secret: "blueprints-ssh"));

        Assert.Contains("Host key verification failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Accepted publickey", _server.Log, StringComparison.Ordinal);
        AssertNoKey(ex.ToString(), _privateKey);
    }

    [BackendFact]
    public async Task Open_NoKnownHostsGiven_UnknownHostRefused()
    {
        // Without known hosts the machine's own known_hosts files decide, and a host they do not list is refused (never asked).
        await using var context = new GitTestContext(new Resolver(RepositoryCredentials.SshKey(_privateKey)));
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url, createBranch: true, secret: "blueprints-ssh"));

        Assert.Contains("Host key verification failed", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertNoKey(string text, string key)
    {
        foreach (var line in key.Split('\n').Select(static l => l.Trim()).Where(static l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Passphrase, text, StringComparison.Ordinal);
    }

    private sealed class Resolver(RepositoryCredentials credentials) : ICredentialResolver
    {
        public ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(credentials);
    }
}
