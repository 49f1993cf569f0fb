using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Http;

/// <summary>Smart HTTP through Kestrel and git http-backend, with basic and bearer credentials from <see cref="ICredentialResolver"/>.</summary>
[Trait("Category", "Integration")]
public sealed class SmartHttpAuthTests : IAsyncLifetime
{
    private const string User = "porch-user";
    private const string Password = "pa55-Very-Secret-9173";
    private const string Token = "tok-Extremely-Secret-5521";
    private readonly string _root = Directory.CreateTempSubdirectory("porch-git-http-").FullName;
    private GitHttpServer? _server;

    private string Url => _server!.BaseUrl + "/blueprints.git";

    public async Task InitializeAsync()
    {
        TestGit.Run(_root, "init", "--bare", "--quiet", "--initial-branch=main", "blueprints.git");
        _server = await GitHttpServer.StartAsync(_root, User, Password, Token);
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
    [InlineData("basic")]
    [InlineData("bearer")]
    public async Task Lifecycle_RightCredentials_Works(string kind)
    {
        var credentials = kind == "basic" ? RepositoryCredentials.Basic(User, Password) : RepositoryCredentials.Bearer(Token);
        await using var context = new GitTestContext(new Resolver(credentials));
        var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        var draft = await GitTestContext.CreateDraftAsync(repository, "web", "ws1");
        var published = await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, draft, PackageRevisionLifecycle.Proposed), PackageRevisionLifecycle.Published, 1);
        Assert.Equal(1, published.Key.Revision);
        Assert.NotEmpty(await repository.VersionAsync());
        await repository.RefreshAsync();
        Assert.Equal(["web main -1 Published", "web ws1 1 Published"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
        Assert.Contains(TestGit.Refs(Path.Combine(_root, "blueprints.git")), r => r.StartsWith("refs/tags/web/v1 ", StringComparison.Ordinal));

        // The secret is in no log line, no mirror file and no lock.
        AssertNoSecret(context.Logs.AllText);
        AssertNoSecret(published.Lock.Git!.Repo!);
        foreach (var file in Directory.EnumerateFiles(context.CacheDirectory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("objects", StringComparison.Ordinal)))
        {
            AssertNoSecret(await File.ReadAllTextAsync(file));
        }
    }

    [BackendFact]
    public async Task Open_WrongPassword_FailsWithAuthErrorWithoutSecret()
    {
        await using var context = new GitTestContext(new Resolver(RepositoryCredentials.Basic(User, "wrong-" + Password)));
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth"));
        Assert.Contains("authentication required", ex.Message, StringComparison.Ordinal);
        Assert.True(_server!.UnauthorizedResponses > 0);
        AssertNoSecret(ex.ToString(), "wrong-" + Password);
        AssertNoSecret(context.Logs.AllText, "wrong-" + Password);
    }

    [BackendFact]
    public async Task Open_NoCredentials_FailsWithAuthError()
    {
        await using var context = new GitTestContext();
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => context.OpenAsync(Url));
        Assert.Contains("authentication required", ex.Message, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Close_CredentialsRevokedAfterOpen_PushFailsWithAuthErrorWithoutSecret()
    {
        var resolver = new Resolver(RepositoryCredentials.Basic(User, Password));
        await using var context = new GitTestContext(resolver);
        var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        _server!.BasicCredentials = User + ":rotated-" + Password;
        var draft = await repository.CreatePackageRevisionDraftAsync(GitTestContext.NewRevision("web", "ws1"));
        await draft.UpdateResourcesAsync(GitTestContext.PackageFiles("web"), GitTestContext.InitTask("web"));
        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repository.ClosePackageRevisionDraftAsync(draft, 0));
        Assert.StartsWith("failed to push to remote: authentication required: ", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex.ToString());
        AssertNoSecret(context.Logs.AllText);
    }

    /// <summary>Porch resolves a repository's secret again after an authentication failure, once, and repeats the operation.</summary>
    [BackendFact]
    public async Task Close_SecretRotatedAfterOpen_ResolvedAgainOnceAndPushes()
    {
        var resolver = new RotatingResolver(RepositoryCredentials.Basic(User, Password));
        await using var context = new GitTestContext(resolver);
        var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        Assert.Equal(1, resolver.Calls);
        _server!.BasicCredentials = User + ":rotated-" + Password;
        resolver.Current = RepositoryCredentials.Basic(User, "rotated-" + Password);

        var draft = await GitTestContext.CreateDraftAsync(repository, "web", "ws1");

        Assert.Equal(2, resolver.Calls);
        Assert.Equal(draft.ResourceVersion, TestGit.Run(Path.Combine(_root, "blueprints.git"), "rev-parse", "refs/heads/drafts/web/ws1").Trim());
        Assert.Contains(context.Logs.Entries, e => e.EventId.Id == 3026);
        AssertNoSecret(context.Logs.AllText);
        AssertNoSecret(context.Logs.AllText, "rotated-" + Password);

        // A second refusal (the rotated secret revoked too) fails after exactly one more resolution.
        _server.BasicCredentials = User + ":gone";
        await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repository.RefreshAsync());
        Assert.Equal(3, resolver.Calls);
    }

    [BackendFact]
    public async Task Open_PasswordInAddressBesideRegisteredRepository_RefusedAndOtherMirrorUntouched()
    {
        // https://u:p@h/r and https://h/r once shared one mirror: registering the second rewrote the first's remote.
        await using var context = new GitTestContext(new Resolver(RepositoryCredentials.Basic(User, Password)));
        await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        var mirror = Assert.Single(context.MirrorDirectories());
        var withPassword = Url.Replace("http://", $"http://{User}:{Password}@", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => context.OpenAsync(withPassword, secret: "blueprints-auth"));

        Assert.StartsWith("spec.git.repo: Invalid value: \"" + Url + "\": credentials must not be embedded", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex.ToString());
        Assert.Equal(Url, TestGit.Run(mirror, "config", "remote.origin.url").Trim());
        Assert.Single(context.MirrorDirectories());
    }

    [BackendFact]
    public async Task SecretRef_FailuresAndMirrorFiles_NeverCarryThePassword()
    {
        var resolver = new Resolver(RepositoryCredentials.Basic(User, Password));
        await using var context = new GitTestContext(resolver);
        var repository = await context.OpenAsync(Url, createBranch: true, secret: "blueprints-auth");
        await GitTestContext.CreateDraftAsync(repository, "web", "ws1");
        _server!.BasicCredentials = User + ":rotated";

        var version = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repository.VersionAsync());
        var refresh = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => repository.RefreshAsync());

        AssertNoSecret(version.ToString());
        AssertNoSecret(refresh.ToString());
        AssertNoSecret(repository.ToString()!);
        AssertNoSecret(context.Logs.AllText);
        var mirror = Assert.Single(context.MirrorDirectories());
        AssertNoSecret(await File.ReadAllTextAsync(Path.Combine(mirror, "config")));
        foreach (var file in Directory.EnumerateFiles(mirror, "*", SearchOption.AllDirectories).Where(f => !f.Contains("objects", StringComparison.Ordinal)))
        {
            AssertNoSecret(await File.ReadAllTextAsync(file));
        }
    }

    private static void AssertNoSecret(string text, string password = Password)
    {
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(User + ":" + password)), text, StringComparison.Ordinal);
    }

    private sealed class RotatingResolver(RepositoryCredentials initial) : ICredentialResolver
    {
        private int _calls;

        public RepositoryCredentials Current { get; set; } = initial;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(Current);
        }
    }

    private sealed class Resolver(RepositoryCredentials credentials) : ICredentialResolver
    {
        public ValueTask<RepositoryCredentials> ResolveCredentialsAsync(string @namespace, SecretRef secretRef, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(credentials);
    }
}
