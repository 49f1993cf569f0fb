using System.Security.Cryptography.X509Certificates;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Http;

/// <summary>
/// Smart HTTP over TLS with a certificate of a CA made in the test: Porch's namespace CA bundle (secret
/// <c>&lt;namespace&gt;-ca-bundle</c>, key <c>ca.crt</c>, with <see cref="GitRepositoryOptions.UseGitCaBundle"/>) makes
/// it trusted; without it, or with another CA's bundle, the remote is refused with a certificate error.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HttpsCaBundleTests : IAsyncLifetime
{
    private const string User = "porch-user";
    private const string Password = "pa55-Tls-Secret-4417";
    private readonly string _root = Directory.CreateTempSubdirectory("porch-git-https-").FullName;
    private readonly TestCertificates _ca = new();
    private readonly TestCertificates _otherCa = new("Other Test CA");
    private X509Certificate2? _serverCertificate;
    private GitHttpServer? _server;

    private string Url => _server!.BaseUrl + "/blueprints.git";

    public async Task InitializeAsync()
    {
        TestGit.Run(_root, "init", "--bare", "--quiet", "--initial-branch=main", "blueprints.git");
        _serverCertificate = _ca.IssueServerCertificate();
        _server = await GitHttpServer.StartAsync(_root, User, Password, "unused-token", _serverCertificate);
        Assert.StartsWith("https://127.0.0.1:", _server.BaseUrl, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _serverCertificate?.Dispose();
        _ca.Dispose();
        _otherCa.Dispose();
        TestGit.TryDelete(_root);
    }

    [BackendFact]
    public async Task Lifecycle_WithNamespaceCaBundle_ClonesListsAndPushes()
    {
        var resolver = new Resolver(_ca.AuthorityPem);
        await using var context = new GitTestContext(resolver, configure: o => o.UseGitCaBundle = true);
        var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        var draft = await GitTestContext.CreateDraftAsync(repository, "web", "ws1");
        var published = await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, draft, PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 1);
        Assert.Equal(1, published.Key.Revision);
        Assert.NotEmpty(await repository.VersionAsync());
        await repository.RefreshAsync();

        Assert.Equal(["web main -1 Published", "web ws1 1 Published"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        Assert.Contains(TestGit.Refs(Path.Combine(_root, "blueprints.git")), r => r.StartsWith("refs/tags/web/v1 ", StringComparison.Ordinal));
        Assert.Equal(["default/blueprints-auth", "default/default-ca-bundle"], resolver.Asked.Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Password, context.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamFetch_WithNamespaceCaBundle_ReadsThePackage_WithoutIt_CertificateError()
    {
        var resolver = new Resolver(_ca.AuthorityPem);
        await using (var context = new GitTestContext(resolver, configure: o => o.UseGitCaBundle = true))
        {
            var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
            var draft = await GitTestContext.CreateDraftAsync(repository, "web", "ws1");
            await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, draft, PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 1);
        }

        var package = new GitPackage { Repo = Url, Ref = "web/v1", Directory = "web", SecretRef = new SecretRef { Name = "blueprints-auth" } };
        var fetcher = new GitUpstreamPackageFetcher(Microsoft.Extensions.Options.Options.Create(new GitRepositoryOptions { CacheDirectory = _root, UseGitCaBundle = true }), [resolver]);
        var content = await fetcher.FetchAsync("default", package);
        Assert.Contains("Kptfile", content.Files.Keys);

        var without = new GitUpstreamPackageFetcher(Microsoft.Extensions.Options.Options.Create(new GitRepositoryOptions { CacheDirectory = _root }), [resolver]);
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => without.FetchAsync("default", package));
        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Open_WithoutCaBundle_FailsWithCertificateError()
    {
        await using var context = new GitTestContext(new Resolver(_ca.AuthorityPem));
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth"));

        Assert.Contains(Url, ex.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Open_BundleSecretMissing_LoggedAndRefusedWithCertificateError()
    {
        await using var context = new GitTestContext(new Resolver(null), configure: o => o.UseGitCaBundle = true);
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth"));

        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
        var logged = Assert.Single(context.Logs.Entries, e => e.EventId.Id == 3027);
        Assert.Contains("failed to obtain caBundle from secret default/default-ca-bundle: cannot resolve credentials in a secret default/default-ca-bundle", logged.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A second repository on the same address reuses the mirror, so its fetch is the backend's own (libgit2's
    /// certificate check, or git's http.sslCAInfo), not the clone: another CA's bundle is refused, naming the address.
    /// </summary>
    [BackendFact]
    public async Task Fetch_BundleOfAnotherCa_RefusedNamingTheAddress()
    {
        var resolver = new Resolver(_ca.AuthorityPem);
        await using var context = new GitTestContext(resolver, configure: o => o.UseGitCaBundle = true);
        var first = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        await GitTestContext.CreateDraftAsync(first, "web", "ws1");

        resolver.CaBundle = _otherCa.AuthorityPem;
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.Adapter.OpenRepositoryAsync(GitTestContext.Describe(Url, name: "second", secret: "blueprints-auth")));

        Assert.Contains(Url, ex.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
        if (GitBackendUnderTest.Current == GitBackendKind.LibGit2Sharp)
        {
            Assert.Contains($"the TLS certificate of {Url} is not trusted: it does not chain to the repository's CA bundle", ex.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The bundle vouches for the issuer, not for the address: a certificate of another host is still refused.</summary>
    [BackendFact]
    public async Task Fetch_CertificateOfAnotherHostFromTheBundlesCa_Refused()
    {
        var resolver = new Resolver(_ca.AuthorityPem);
        await using var context = new GitTestContext(resolver, configure: o => o.UseGitCaBundle = true);
        await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        using var elsewhere = _ca.IssueServerCertificate("git.elsewhere.example");
        await using var impostor = await GitHttpServer.StartAsync(_root, User, Password, "unused-token", elsewhere);
        var impostorUrl = impostor.BaseUrl + "/blueprints.git";

        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(impostorUrl, secret: "blueprints-auth"));

        Assert.Contains(impostorUrl, ex.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [BackendFact]
    public async Task Fetch_ValidBundle_SecondRepositoryOnSameMirrorFetchesInProcess()
    {
        var resolver = new Resolver(_ca.AuthorityPem);
        await using var context = new GitTestContext(resolver, configure: o => o.UseGitCaBundle = true);
        var first = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        await GitTestContext.CreateDraftAsync(first, "web", "ws1");

        var second = await context.Adapter.OpenRepositoryAsync(GitTestContext.Describe(Url, name: "second", secret: "blueprints-auth"));
        try
        {
            Assert.Contains("web ws1 0 Draft", GitTestContext.Describe(await second.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    /// <summary>Basic credentials for the repository's secret; the CA bundle for <c>&lt;namespace&gt;-ca-bundle</c>.</summary>
    private sealed class Resolver(string? caBundle) : ICredentialResolver
    {
        public string? CaBundle { get; set; } = caBundle;

        public List<string> Asked { get; } = [];

        public ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default)
        {
            lock (Asked)
            {
                Asked.Add(@namespace + "/" + secretRef.Name);
            }

            if (secretRef.Name == SecretStoreCredentialResolver.CaBundleSecretName(@namespace))
            {
                return CaBundle is null
                    ? throw new PackageValidationException($"cannot resolve credentials in a secret {@namespace}/{secretRef.Name}: secrets \"{secretRef.Name}\" not found")
                    : ValueTask.FromResult(RepositoryCredentials.CertificateAuthorities(CaBundle));
            }

            return ValueTask.FromResult(RepositoryCredentials.Basic(User, Password));
        }
    }
}
