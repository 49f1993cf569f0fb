using Porch.Engine.Errors;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>Issue 16, item 5 (defence in depth): the tree builder never writes duplicate entries or <c>.git</c> segments.</summary>
[Trait("Category", "Integration")]
public sealed class TreeRulesTests : IAsyncLifetime
{
    private readonly string _cache = Directory.CreateTempSubdirectory("porch-tree-").FullName;
    private IGitBackend? _backend;

    public Task InitializeAsync()
    {
        var directory = Path.Combine(_cache, "git", "m");
        Directory.CreateDirectory(directory);
        TestGit.Run(directory, "init", "--bare", "--quiet");
        var runner = new GitProcessRunner(new GitRepositoryOptions { CacheDirectory = _cache });
        _backend = GitBackendUnderTest.Current == GitBackendKind.LibGit2Sharp
            ? new LibGit2Backend(runner, directory, new CacheFolder(_cache))
            : new GitCliBackend(runner, directory, new CacheFolder(_cache));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _backend!.DisposeAsync();
        TestGit.TryDelete(_cache);
    }

    [BackendTheory]
    [InlineData("Kptfile/x.yaml", "invalid resource path \"Kptfile/x.yaml\": \"Kptfile\" is a file, so it cannot also be a folder")]
    [InlineData("a.yaml/b/c.yaml", "invalid resource path \"a.yaml/b/c.yaml\": \"a.yaml\" is a file, so it cannot also be a folder")]
    [InlineData(".git/config", "invalid resource path \".git/config\": \".git\" path segments are not allowed")]
    [InlineData("sub/.GIT/hooks/post-checkout", "invalid resource path \"sub/.GIT/hooks/post-checkout\": \".git\" path segments are not allowed")]
    [InlineData("sub//x.yaml", "invalid resource path \"sub//x.yaml\": empty, \".\" and \"..\" path segments are not allowed")]
    [InlineData("sub/../x.yaml", "invalid resource path \"sub/../x.yaml\": empty, \".\" and \"..\" path segments are not allowed")]
    public async Task WritePackageTree_BadPath_Refused(string path, string message)
    {
        using var quarantine = _backend!.CreateQuarantine();
        var builder = new CommitBuilder(new ObjectStore(_backend), quarantine);
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["Kptfile"] = "kind: Kptfile\n", ["a.yaml"] = "a: 1\n", [path] = "x: 1\n" };

        var ex = await Assert.ThrowsAsync<PackageValidationException>(async () => await builder.WritePackageTreeAsync(files, CancellationToken.None));

        Assert.Equal(message, ex.Message);
    }

    [BackendFact]
    public async Task WritePackageTree_NestedFolders_OneEntryPerName()
    {
        using var quarantine = _backend!.CreateQuarantine();
        var store = new ObjectStore(_backend);
        var builder = new CommitBuilder(store, quarantine);
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["Kptfile"] = "k\n", ["sub/a.yaml"] = "a\n", ["sub/b.yaml"] = "b\n", ["sub-x/c.yaml"] = "c\n" };

        var id = await builder.WritePackageTreeAsync(files, CancellationToken.None);

        var tree = await store.GetTreeAsync(id, CancellationToken.None);
        Assert.Equal(["Kptfile", "sub", "sub-x"], tree.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));
    }
}
