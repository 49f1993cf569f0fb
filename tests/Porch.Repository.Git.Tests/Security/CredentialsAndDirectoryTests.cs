using Porch.Engine.Errors;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>Issue 16, items 8 and 9 (adapter part): credentials in addresses and escaping directories are refused at open.</summary>
[Trait("Category", "Integration")]
public sealed class CredentialsAndDirectoryTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();
    private readonly GitTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        TestGit.TryDelete(_remote);
    }

    [BackendTheory]
    [InlineData("https://user:pa55word@git.example/r.git", "https://git.example/r.git")]
    [InlineData("http://token-pa55word@127.0.0.1:1/r.git", "http://127.0.0.1:1/r.git")]
    [InlineData("ssh://git:pa55word@git.example/r.git", "ssh://git.example/r.git")]
    public async Task Open_CredentialsInAddress_RefusedNamingSpecGitRepoWithoutThePassword(string address, string shown)
    {
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => _context.OpenAsync(address));

        Assert.Equal($"spec.git.repo: Invalid value: \"{shown}\": credentials must not be embedded in the address; name a secret in spec.git.secretRef instead", ex.Message);
        Assert.DoesNotContain("pa55word", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", _context.Logs.AllText, StringComparison.Ordinal);
        Assert.Empty(_context.MirrorDirectories());
    }

    [BackendTheory]
    [InlineData("../..", "must not contain \"..\" path segments")]
    [InlineData("a/../../b", "must not contain \"..\" path segments")]
    [InlineData("a/.git", "must not contain \".git\" path segments")]
    [InlineData("./x", "must not contain \".\" path segments")]
    public async Task Open_EscapingDirectory_RefusedNamingSpecGitDirectory(string directory, string reason)
    {
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => _context.OpenAsync(_remote, directory, createBranch: true));

        Assert.Equal($"spec.git.directory: Invalid value: \"{directory}\": {reason}", ex.Message);
        Assert.Empty(_context.MirrorDirectories());
    }
}
