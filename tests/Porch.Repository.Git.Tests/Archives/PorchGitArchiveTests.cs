using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;
using Porch.Tests.Shared;

namespace Porch.Repository.Git.Tests.Archives;

/// <summary>
/// Every archive of ../shared/conformance/porch-git, opened over a local path and over git daemon: the listings are
/// the ones its README gives (package, workspace, revision, lifecycle).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PorchGitArchiveTests
{
    private static readonly string[] Simple =
    [
        "basens main -1 Published", "basens v1 1 Published", "basens v2 2 Published",
        "empty main -1 Published", "empty v1 1 Published",
        "istions main -1 Published", "istions v1 1 Published", "istions v2 2 Published",
    ];

    private static readonly string[] Drafts =
    [
        .. Simple, "bucket v1 0 Draft", "none v1 0 Draft", "pkg-with-history v1 0 Draft",
    ];

    private static readonly string[] Nested =
    [
        "catalog/empty main -1 Published", "catalog/empty v1 1 Published",
        "catalog/gcp/bucket main -1 Published", "catalog/gcp/bucket v1 1 Published", "catalog/gcp/bucket v2 0 Draft",
        "catalog/gcp/cloud-sql v1 0 Draft", "catalog/gcp/spanner v1 0 Draft",
        "catalog/namespace/basens main -1 Published", "catalog/namespace/basens v1 1 Published", "catalog/namespace/basens v2 2 Published", "catalog/namespace/basens v3 3 Published",
        "catalog/namespace/istions main -1 Published", "catalog/namespace/istions v1 1 Published", "catalog/namespace/istions v2 2 Published", "catalog/namespace/istions v3 3 Published",
        "sample main -1 Published", "sample v1 1 Published", "sample v2 2 Published",
    ];

    private static readonly string[] NestedGcp =
    [
        "bucket main -1 Published", "bucket v1 1 Published", "bucket v2 0 Draft", "cloud-sql v1 0 Draft", "spanner v1 0 Draft",
    ];

    public static TheoryData<string, string, string?, bool> Cases()
    {
        var data = new TheoryData<string, string, string?, bool>();
        foreach (var daemon in new[] { false, true })
        {
            data.Add("empty-repository.tar", "", null, daemon);
            data.Add("trivial-repository.tar", "", null, daemon);
            data.Add("simple-repository.tar", string.Join('|', Simple), null, daemon);
            data.Add("drafts-repository.tar", string.Join('|', Drafts), null, daemon);
            data.Add("nested-repository.tar", string.Join('|', Nested), "/", daemon);
            data.Add("nested-repository.tar", string.Join('|', NestedGcp), "catalog/gcp", daemon);
            data.Add("nested-repository.tar", "", "nonexistent", daemon);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ListPackageRevisions_PorchArchive_MatchesReadme(string archive, string expected, string? directory, bool overGitDaemon)
    {
        var unpacked = Conformance.UnpackArchive(archive);
        GitDaemon? daemon = null;
        try
        {
            string url;
            if (overGitDaemon)
            {
                daemon = await GitDaemon.StartAsync(Path.GetDirectoryName(unpacked)!);
                url = daemon.UrlOf(Path.GetFileName(unpacked) + "/.git");
            }
            else
            {
                url = unpacked;
            }

            await using var context = new GitTestContext();
            var repository = await context.OpenAsync(url, directory);
            var listed = GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All));
            var want = expected.Length == 0 ? [] : expected.Split('|').Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(want, listed);

            // Every revision is readable and has its root Kptfile.
            foreach (var revision in await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All))
            {
                var files = await revision.GetResourcesAsync();
                Assert.Contains("Kptfile", files.Keys);
                Assert.Equal(40, revision.ResourceVersion.Length);
            }
        }
        finally
        {
            daemon?.Dispose();
            TestGit.TryDelete(unpacked);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateDraft_EmptyRepositoryArchive_CreatesFirstCommit(bool overGitDaemon)
    {
        var unpacked = Conformance.UnpackArchive("empty-repository.tar");
        GitDaemon? daemon = null;
        try
        {
            string url = unpacked;
            if (overGitDaemon)
            {
                daemon = await GitDaemon.StartAsync(Path.GetDirectoryName(unpacked)!);
                url = daemon.UrlOf(Path.GetFileName(unpacked) + "/.git");
            }

            await using var context = new GitTestContext();
            var repository = await context.OpenAsync(url);
            var draft = await GitTestContext.CreateDraftAsync(repository, "first", "ws1");
            Assert.Equal(PackageRevisionLifecycle.Draft, draft.Lifecycle);
            Assert.Equal(["first ws1 0 Draft"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));

            var refs = TestGit.Refs(Path.Combine(unpacked, ".git"));
            Assert.Equal(["refs/heads/drafts/first/ws1 " + draft.ResourceVersion], refs);
            Assert.Empty(TestGit.Lines(Path.Combine(unpacked, ".git"), "rev-list", "--parents", "-n", "1", draft.ResourceVersion)[0].Split(' ')[1..]);
        }
        finally
        {
            daemon?.Dispose();
            TestGit.TryDelete(unpacked);
        }
    }

    [Fact]
    public async Task ListPackageRevisions_DraftsArchive_RecoversTasksAndPublishInfo()
    {
        var unpacked = Conformance.UnpackArchive("drafts-repository.tar");
        try
        {
            await using var context = new GitTestContext();
            var repository = await context.OpenAsync(unpacked);
            var all = await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All);

            // pkg-with-history: legacy annotations (revision "v1", no workspaceName); init, then patch/eval commits Porch no longer has.
            var history = Assert.Single(all, r => r.Key.Package.Package == "pkg-with-history");
            var task = Assert.Single(history.Tasks);
            Assert.Equal(TaskType.Init, task.Type);
            Assert.Equal("sample description", task.Init!.Description);
            Assert.Null(history.PublishInfo.PublishedBy);

            var basens = Assert.Single(all, r => r.Key.Package.Package == "basens" && r.Key.Revision == 2);
            Assert.Equal("porch@kpt.dev", basens.PublishInfo.PublishedBy);
            Assert.Equal(new Locator { Type = "git" }.Type, basens.Lock.Type);
            Assert.Equal("basens/v2", basens.Lock.Git!.Ref);
            Assert.Equal("basens", basens.Lock.Git.Directory);
            Assert.Equal(basens.ResourceVersion, basens.Lock.Git.Commit);
        }
        finally
        {
            TestGit.TryDelete(unpacked);
        }
    }
}
