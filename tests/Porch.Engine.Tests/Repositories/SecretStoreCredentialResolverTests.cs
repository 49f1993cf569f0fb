using System.Text;
using System.Text.Json.Nodes;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tests.Repositories;

/// <summary>Porch's <c>pkg/registry/porch/secret.go</c>: the secret resolver and its chain, over the memory store.</summary>
public sealed class SecretStoreCredentialResolverTests
{
    private readonly InMemorySecretStore _store = new();

    private async Task<RepositoryCredentials> ResolveAsync(string name) =>
        await new SecretStoreCredentialResolver(_store).ResolveCredentialsAsync("team", new SecretRef { Name = name });

    private Task PutAsync(string name, string? type, params (string Key, string Value)[] data)
    {
        var secret = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "team" } };
        if (type is not null)
        {
            secret["type"] = type;
        }

        var values = new JsonObject();
        foreach (var (key, value) in data)
        {
            values[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        secret["data"] = values;
        return _store.CreateAsync(new StoredSecret("team", name, "1", secret.ToJsonString())).AsTask();
    }

    [Fact]
    public async Task SecretResolver_MissingSecret_CannotResolveCredentialsInASecret_NotFound()
    {
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ResolveAsync("nowhere"));
        Assert.Equal("cannot resolve credentials in a secret team/nowhere: secrets \"nowhere\" not found", ex.Message);
    }

    [Fact]
    public async Task BasicAuthResolver_BasicAuthType_UsernameAndPassword()
    {
        await PutAsync("git", "kubernetes.io/basic-auth", ("username", "alice"), ("password", "p@ss"));
        var credentials = await ResolveAsync("git");
        Assert.Equal(("alice", "p@ss", null), (credentials.Username, credentials.Password, credentials.BearerToken));
        Assert.DoesNotContain("p@ss", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicAuthResolver_MissingKey_ReadAsEmpty_AsGoReadsAMissingMapKey()
    {
        await PutAsync("git", "kubernetes.io/basic-auth", ("username", "alice"));
        var credentials = await ResolveAsync("git");
        Assert.Equal(("alice", ""), (credentials.Username, credentials.Password));
    }

    [Fact]
    public async Task OpaqueBearerToken_BearerCredentials()
    {
        await PutAsync("token", null, ("bearerToken", "t0k"));
        var credentials = await ResolveAsync("token");
        Assert.Equal("t0k", credentials.BearerToken);
        Assert.Null(credentials.Password);
    }

    [Fact]
    public async Task SshAuth_PrivateKeyPassphraseAndKnownHosts_SshKeyCredentials()
    {
        await PutAsync("ssh", "kubernetes.io/ssh-auth", ("ssh-privatekey", "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0\n-----END OPENSSH PRIVATE KEY-----\n"), ("passphrase", "phr4se"), ("known_hosts", "git.example.com ssh-ed25519 AAAA"));
        var credentials = await ResolveAsync("ssh");
        Assert.True(credentials.IsSshKey);
        Assert.Equal(("phr4se", "git.example.com ssh-ed25519 AAAA"), (credentials.SshPassphrase, credentials.SshKnownHosts));
        Assert.Contains("c2VjcmV0", credentials.SshPrivateKey, StringComparison.Ordinal);
        Assert.Null(credentials.Password);
        Assert.Equal("ssh private key (redacted), passphrase (redacted), known hosts given", credentials.ToString());
    }

    [Fact]
    public async Task SshAuth_OnlyThePrivateKey_NoPassphraseNoKnownHosts()
    {
        await PutAsync("ssh", "kubernetes.io/ssh-auth", ("ssh-privatekey", "key-text"));
        var credentials = await ResolveAsync("ssh");
        Assert.Equal(("key-text", null, null), (credentials.SshPrivateKey, credentials.SshPassphrase, credentials.SshKnownHosts));
        Assert.Equal("ssh private key (redacted)", credentials.ToString());
    }

    [Fact]
    public async Task SshAuth_NoPrivateKey_ErrorNamesTheSecretNotAValue()
    {
        await PutAsync("ssh", "kubernetes.io/ssh-auth", ("known_hosts", "host-line-never-shown"));
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ResolveAsync("ssh"));
        Assert.Equal("error resolving credential: ssh-auth secret team/ssh has no ssh-privatekey key", ex.Message);
    }

    [Fact]
    public async Task CaBundleResolver_NamespaceCaBundleSecret_CaCrt()
    {
        Assert.Equal("team-ca-bundle", SecretStoreCredentialResolver.CaBundleSecretName("team"));
        await PutAsync("team-ca-bundle", null, ("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
        var credentials = await ResolveAsync("team-ca-bundle");
        Assert.True(credentials.IsCaBundle);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", credentials.CaBundle, StringComparison.Ordinal);
        Assert.Equal((null, null, null), (credentials.Username, credentials.BearerToken, credentials.SshPrivateKey));
        Assert.Equal("CA bundle", credentials.ToString());
    }

    [Theory]
    [InlineData("Opaque", "no resolver for secret with type Opaque")]
    [InlineData("kubernetes.io/tls", "no resolver for secret with type kubernetes.io/tls")]
    public async Task NoMatchingResolverError_OtherTypes_NoResolverForSecretWithType(string type, string message)
    {
        await PutAsync("odd", type, ("token", "value-never-shown"));
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => ResolveAsync("odd"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task InMemorySecretStore_UpdateWithStaleVersion_Refused_DeleteRemoves()
    {
        await PutAsync("git", "Opaque", ("bearerToken", "a"));
        Assert.False(await _store.CreateAsync(new StoredSecret("team", "git", "1", "{}")));
        Assert.False(await _store.UpdateAsync(new StoredSecret("team", "git", "3", "{}"), "2"));
        Assert.True(await _store.UpdateAsync(new StoredSecret("team", "git", "2", "{}"), "1"));
        Assert.Equal("2", (await _store.GetAsync("team", "git"))!.ResourceVersion);
        Assert.Equal("Secret team/git", (await _store.GetAsync("team", "git"))!.ToString());
        Assert.True(await _store.DeleteAsync("team", "git"));
        Assert.Empty(await _store.ListAsync(null));
    }
}
