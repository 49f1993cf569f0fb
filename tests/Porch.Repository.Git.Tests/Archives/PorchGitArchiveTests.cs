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
    /// <summary>
    /// Every <c>&lt;archive&gt;.listing.tsv</c> under ../shared/conformance/porch-git, once per directory it names, opened
    /// over a local path and over git daemon: an archive added with its listing file runs with no change here.
    /// </summary>
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var listing in Directory.GetFiles(Conformance.PathOf("porch-git"), "*.listing.tsv").Order(StringComparer.Ordinal))
        {
            var archive = Path.GetFileName(listing)[..^".listing.tsv".Length] + ".tar";
            foreach (var directory in ListingRow.Read(listing).Select(r => r.Directory).Distinct(StringComparer.Ordinal))
            {
                foreach (var daemon in new[] { false, true })
                {
                    data.Add(archive, directory, daemon);
                }
            }
        }

        return data;
    }

    [BackendFact]
    public void Cases_EveryArchiveHasItsListing()
    {
        var archives = Directory.GetFiles(Conformance.PathOf("porch-git"), "*.tar").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(archives);
        var missing = archives.Where(a => !File.Exists(ListingPath(a!))).ToList();
        Assert.True(missing.Count == 0, "archives without a listing file (the harness cannot run them): " + string.Join(", ", missing));
    }

    [BackendTheory]
    [MemberData(nameof(Cases))]
    public async Task ListPackageRevisions_PorchArchive_MatchesListingFile(string archive, string directory, bool overGitDaemon)
    {
        var rows = ListingRow.Read(ListingPath(archive)).Where(r => r.Directory == directory).ToList();
        var expected = rows.Where(r => r.Package != "(none)").ToList();
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
            var revisions = await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All);
            var listed = GitTestContext.Describe(revisions);
            var want = expected.Select(r => r.Describe()).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(want, listed);

            foreach (var row in expected)
            {
                var revision = revisions.Single(r => $"{r.Key.Package.PackagePath} {r.Key.WorkspaceName} {r.Key.Revision} {r.Lifecycle}" == row.Describe());
                row.CheckPublishInfo(revision.PublishInfo);
            }

            // Every revision is readable and has its root Kptfile.
            foreach (var revision in revisions)
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

    /// <summary>The listing beside an archive: <c>x.tar</c> has <c>x.listing.tsv</c>.</summary>
    private static string ListingPath(string archive) => Conformance.PathOf("porch-git", Path.GetFileNameWithoutExtension(archive) + ".listing.tsv");

    /// <summary>One row of a listing file (format in ../shared/conformance/porch-git/README.md).</summary>
    private sealed record ListingRow(string Directory, string Package, string Workspace, string Revision, string Lifecycle, string PublishedBy, string PublishTimestamp)
    {
        public static List<ListingRow> Read(string path)
        {
            var rows = new List<ListingRow>();
            foreach (var line in File.ReadAllLines(path))
            {
                if (line.Trim().Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var f = line.Split('\t');
                if (f.Length != 7)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(path)}: a row needs 7 tab-separated fields, got {f.Length}: {line}");
                }

                rows.Add(new ListingRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
            }

            return rows;
        }

        public string Describe() => $"{Package} {Workspace} {Revision} {Lifecycle}";

        public void CheckPublishInfo(PublishInfo info)
        {
            var by = info.PublishedBy ?? "";
            if (PublishedBy == "-")
            {
                Assert.True(by.Length == 0, $"{Describe()}: publishedBy must be empty, got {by}");
            }
            else if (PublishedBy != "*")
            {
                Assert.Equal(PublishedBy, by);
            }

            if (PublishTimestamp == "-")
            {
                Assert.True(info.PublishedAt is null, $"{Describe()}: publishTimestamp must be absent, got {info.PublishedAt}");
            }
            else if (PublishTimestamp != "*")
            {
                Assert.Equal(DateTimeOffset.Parse(PublishTimestamp, System.Globalization.CultureInfo.InvariantCulture), info.PublishedAt);
            }
        }
    }

    [BackendTheory]
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

    [BackendFact]
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
