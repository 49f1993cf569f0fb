using Porch.Engine.Errors;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>
/// Issue 16, items 3, 4 and 8: mirror folders come from a collision-free key of (address, branch), are never relative
/// or dot paths, and every recursive delete (mirrors, quarantines) stays strictly inside the cache folder.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MirrorFolderTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("porch-mirror-").FullName;

    public void Dispose() => TestGit.TryDelete(_scratch);

    [BackendTheory]
    [InlineData("/r/col-x.git", "/r/col/x.git")]
    [InlineData("https://h/r", "https://h/r/")]
    [InlineData("https://h/r", "http://h/r")]
    [InlineData("/r/a:b", "/r/a-b")]
    public void MirrorFolderName_DifferentAddresses_DifferentFolders(string first, string second) =>
        Assert.NotEqual(GitUrl.MirrorFolderName(GitUrl.MirrorKey(first, "main")), GitUrl.MirrorFolderName(GitUrl.MirrorKey(second, "main")));

    [BackendFact]
    public void MirrorFolderName_CredentialsOnly_SameKeyWithoutThem()
    {
        // Credentials are refused at the door; the key and folder name never carry them either.
        Assert.Equal(GitUrl.MirrorKey("https://h/r", "main"), GitUrl.MirrorKey("https://u:p@h/r", "main"));
        Assert.DoesNotContain("u:p", GitUrl.MirrorFolderName(GitUrl.MirrorKey("https://u:p@h/r", "main")), StringComparison.Ordinal);
    }

    [BackendFact]
    public void MirrorFolderName_DifferentBranches_DifferentFolders() =>
        Assert.NotEqual(GitUrl.MirrorFolderName(GitUrl.MirrorKey("/r/x.git", "main")), GitUrl.MirrorFolderName(GitUrl.MirrorKey("/r/x.git", "dev")));

    [BackendTheory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/r/..")]
    [InlineData("https://h/.")]
    [InlineData("/r/-x")]
    public void MirrorFolderName_DotAndEmptyAddresses_AlwaysAPlainChildName(string address)
    {
        var name = GitUrl.MirrorFolderName(GitUrl.MirrorKey(address, "main"));

        Assert.NotEqual(".", name);
        Assert.NotEqual("..", name);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.False(name.StartsWith('.') || name.StartsWith('-'), name);
        Assert.Matches("-[0-9a-f]{64}$", name);
    }

    [BackendTheory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task Open_DotAddress_RefusedAndCacheUntouched(string address)
    {
        await using var context = new GitTestContext();
        var sentinel = Path.Combine(context.CacheDirectory, "git", "other-mirror", "HEAD");
        Directory.CreateDirectory(Path.GetDirectoryName(sentinel)!);
        await File.WriteAllTextAsync(sentinel, "ref: refs/heads/main\n");
        var database = Path.Combine(context.CacheDirectory, "porch.db");
        await File.WriteAllTextAsync(database, "x");

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => context.OpenAsync(address, createBranch: true));

        Assert.Equal($"spec.git.repo: Invalid value: \"{address}\": a local path must be absolute", ex.Message);
        Assert.True(File.Exists(sentinel));
        Assert.True(File.Exists(database));
    }

    [BackendFact]
    public async Task Open_CollidingOldNames_SeparateMirrorsAndRemotes()
    {
        // "/r/col-x.git" and "/r/col/x.git" once gave one mirror folder: the second registration rewrote the first's
        // remote and a draft of one landed in the other's remote.
        var first = Path.Combine(_scratch, "r", "col-x.git");
        var second = Path.Combine(_scratch, "r", "col", "x.git");
        foreach (var remote in new[] { first, second })
        {
            Directory.CreateDirectory(remote);
            TestGit.Run(remote, "init", "--bare", "--quiet", "--initial-branch=main");
        }

        await using var context = new GitTestContext();
        var one = await context.OpenAsync(first, createBranch: true);
        var two = await context.OpenAsync(second, createBranch: true);
        await GitTestContext.CreateDraftAsync(one, "web", "ws1");

        var mirrors = context.MirrorDirectories();
        Assert.Equal(2, mirrors.Length);
        Assert.Equal(
            [first, second],
            mirrors.Select(m => TestGit.Run(m, "config", "remote.origin.url").Trim()).Order(StringComparer.Ordinal));
        Assert.Contains(TestGit.Refs(first), r => r.StartsWith("refs/heads/drafts/web/ws1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(TestGit.Refs(second), r => r.StartsWith("refs/heads/drafts/", StringComparison.Ordinal));
        Assert.Empty(GitTestContext.Describe(await two.ListPackageRevisionsAsync(Engine.Repositories.PackageRevisionFilter.All)));
    }

    [BackendFact]
    public async Task DeleteDirectory_RootItselfOrOutside_Refused()
    {
        var root = Path.Combine(_scratch, "cache");
        var sibling = Path.Combine(_scratch, "cache-evil");
        Directory.CreateDirectory(Path.Combine(root, "git"));
        Directory.CreateDirectory(sibling);
        var cache = new CacheFolder(root);

        foreach (var path in new[] { root, root + "/", Path.Combine(root, "git", "..", ".."), Path.Combine(root, ".."), sibling, Path.Combine(root, "git", "..") })
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => cache.DeleteDirectoryAsync(path));
        }

        Assert.True(Directory.Exists(Path.Combine(root, "git")));
        Assert.True(Directory.Exists(sibling));
    }

    [BackendFact]
    public async Task DeleteDirectory_Inside_Deleted()
    {
        var root = Path.Combine(_scratch, "cache");
        var mirror = Path.Combine(root, "git", "m-1");
        Directory.CreateDirectory(Path.Combine(mirror, "objects", "aa"));
        await File.WriteAllTextAsync(Path.Combine(mirror, "objects", "aa", "b"), "x");

        await new CacheFolder(root).DeleteDirectoryAsync(mirror);

        Assert.False(Directory.Exists(mirror));
        Assert.True(Directory.Exists(Path.Combine(root, "git")));
    }

    [BackendFact]
    public async Task DeleteDirectory_ThroughSymbolicLink_Refused()
    {
        var root = Path.Combine(_scratch, "cache");
        var outside = Path.Combine(_scratch, "precious");
        Directory.CreateDirectory(Path.Combine(outside, "sub"));
        await File.WriteAllTextAsync(Path.Combine(outside, "sub", "keep"), "x");
        Directory.CreateDirectory(Path.Combine(root, "git"));
        var link = Path.Combine(root, "git", "link");
        Directory.CreateSymbolicLink(link, outside);
        var cache = new CacheFolder(root);

        await Assert.ThrowsAsync<IOException>(() => cache.DeleteDirectoryAsync(Path.Combine(link, "sub"), attempts: 1));
        await Assert.ThrowsAsync<IOException>(() => cache.DeleteDirectoryAsync(link, attempts: 1));
        Assert.False(cache.TryDeleteDirectory(Path.Combine(link, "sub")));

        Assert.True(File.Exists(Path.Combine(outside, "sub", "keep")));
    }

    [BackendFact]
    public void Quarantine_OutsideTheCache_Refused()
    {
        var cache = new CacheFolder(Path.Combine(_scratch, "cache"));

        Assert.Throws<InvalidOperationException>(() => new ObjectQuarantine(cache, Path.Combine(_scratch, "elsewhere")));
        Assert.Throws<InvalidOperationException>(() => new ObjectQuarantine(cache, Path.Combine(_scratch, "cache", "..", "..")));
        Assert.Throws<InvalidOperationException>(() => new GitCliBackend(new GitProcessRunner(new GitRepositoryOptions()), _scratch, cache));
    }
}
