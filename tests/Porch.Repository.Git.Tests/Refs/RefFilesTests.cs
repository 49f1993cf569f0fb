using Porch.Repository.Git.Refs;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Refs;

/// <summary>The ref files read as git's for-each-ref lists them (branches and tags, tags peeled, loose over packed).</summary>
public sealed class RefFilesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("porch-reffiles-").FullName;

    public void Dispose() => TestGit.TryDelete(_work);

    [Fact]
    public void Read_LooseAndPacked_ListsWhatForEachRefLists()
    {
        var (git, first) = NewRepository("r");
        var second = Commit(git, "two", first);
        TestGit.Run(git, "update-ref", "refs/heads/main", first);
        TestGit.Run(git, "update-ref", "refs/heads/drafts/a/ws1", first);
        TestGit.Run(git, "tag", "a/v1", first);
        TestGit.Run(git, "tag", "-a", "-m", "annotated", "a/v2", second);
        TestGit.Run(git, "update-ref", "refs/remotes/origin/x", first);
        TestGit.Run(git, "pack-refs", "--all");

        // After packing: a loose ref over its packed entry, a loose annotated tag, a symbolic ref and a lock file.
        TestGit.Run(git, "update-ref", "refs/heads/main", second);
        TestGit.Run(git, "tag", "-a", "-m", "loose", "b/v1", first);
        TestGit.Run(git, "symbolic-ref", "refs/heads/alias", "refs/heads/main");
        File.WriteAllText(Path.Combine(git, "refs", "heads", "half.lock"), second + "\n");

        var peeled = new List<string>();
        var refs = RefFiles.Read(git, id => { peeled.Add(id); return Peel(git, id); });

        Assert.Equal(ForEachRef(git), refs.Select(Format).Order(StringComparer.Ordinal));
        Assert.Single(peeled); // only the loose tag: packed-refs says its tags are peeled
    }

    [Fact]
    public void Read_PackedRefsWithoutPeeledTrait_AsksForEveryPackedTag()
    {
        var (git, first) = NewRepository("r");
        TestGit.Run(git, "tag", "-a", "-m", "annotated", "a/v1", first);
        var tagObject = TestGit.Run(git, "rev-parse", "refs/tags/a/v1").Trim();
        File.Delete(Path.Combine(git, "refs", "tags", "a", "v1"));
        File.WriteAllText(Path.Combine(git, "packed-refs"), $"{first} refs/heads/main\n{tagObject} refs/tags/a/v1\n");

        var refs = RefFiles.Read(git, id => Peel(git, id));

        Assert.Equal([new GitRef("refs/heads/main", first, first), new GitRef("refs/tags/a/v1", tagObject, first)], refs.OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Equal(ForEachRef(git), refs.Select(Format).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("not-an-id refs/heads/main\n", "not-an-id refs/heads/main")]
    [InlineData("^0123456789abcdef0123456789abcdef01234567\n", "^0123456789abcdef0123456789abcdef01234567")]
    public void Read_CorruptPackedRefs_RefusesNamingTheLine(string packed, string named)
    {
        var git = Path.Combine(_work, "c.git");
        TestGit.Run(_work, "init", "-q", "--bare", git);
        File.WriteAllText(Path.Combine(git, "packed-refs"), packed);

        var ex = Assert.Throws<InvalidDataException>(() => RefFiles.Read(git, _ => null));
        Assert.Contains($"'{named}' is no ref", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyLooseRefs_ReadByTwoWorkers_ListsWhatForEachRefLists()
    {
        // Over the threshold the loose files are read in two halves: the result is the same list, in any order.
        var (git, first) = NewRepository("m");
        TestGit.Run(git, "update-ref", "refs/heads/main", first);
        for (var i = 0; i < 150; i++)
        {
            TestGit.Run(git, "update-ref", $"refs/tags/p{i % 7}/v{i}", first);
        }

        TestGit.Run(git, "tag", "-a", "-m", "annotated", "q/v1", first);

        var refs = RefFiles.Read(git, id => Peel(git, id));

        Assert.Equal(152, refs.Count);
        Assert.Equal(ForEachRef(git), refs.Select(Format).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_LooseRefWithByteOrderMark_ReadsTheId()
    {
        var (git, first) = NewRepository("b");
        File.WriteAllBytes(Path.Combine(git, "refs", "heads", "main"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.ASCII.GetBytes(first + "\r\n")]);

        Assert.Equal([new GitRef("refs/heads/main", first, first)], RefFiles.Read(git, _ => null));
    }

    [Fact]
    public void Read_LooseFileRefusedByTheCheck_IsCorruptNamingIt()
    {
        var (git, first) = NewRepository("f");
        TestGit.Run(git, "update-ref", "refs/heads/main", first);
        TestGit.Run(git, "update-ref", "refs/heads/odd", first);

        var ex = Assert.Throws<InvalidDataException>(() => RefFiles.Read(git, _ => null, file => !file.EndsWith("odd", StringComparison.Ordinal)));

        Assert.Contains("'refs/heads/odd' is not a regular file", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A bare repository (branch main unset) holding one commit, "one", whose id is returned with the path.</summary>
    private (string Git, string First) NewRepository(string name)
    {
        var git = Path.Combine(_work, name + ".git");
        TestGit.Run(_work, "init", "-q", "--bare", "--initial-branch=main", git);
        return (git, Commit(git, "one", null));
    }

    private static string Format(GitRef r) => $"{r.TargetId} {(r.CommitId == r.TargetId ? "" : r.CommitId)} {r.Name}";

    private static IEnumerable<string> ForEachRef(string git) =>
        TestGit.Lines(git, "for-each-ref", "--format=%(objectname) %(*objectname) %(refname)", "refs/heads", "refs/tags")
            .Where(l => !l.EndsWith(" refs/heads/alias", StringComparison.Ordinal)) // for-each-ref resolves a symbolic ref; it is not listed here
            .Order(StringComparer.Ordinal);

    private static string? Peel(string git, string id) =>
        TestGit.Run(git, "cat-file", "-t", id).Trim() == "tag" ? TestGit.Run(git, "rev-parse", id + "^{}").Trim() : null;

    private static string Commit(string git, string message, string? parent)
    {
        const string tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; // the empty tree, which git always has
        return parent is null
            ? TestGit.Run(git, "commit-tree", tree, "-m", message).Trim()
            : TestGit.Run(git, "commit-tree", tree, "-p", parent, "-m", message).Trim();
    }
}
