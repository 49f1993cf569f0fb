using System.Diagnostics;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Backend;

/// <summary>
/// A repository on a local path is cloned in process as <c>git clone --bare --no-hardlinks</c> clones it; whatever git
/// decides by rules of its own is left to git, with nothing written.
/// </summary>
public sealed class LocalCloneTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("porch-localclone-").FullName;
    private readonly string _cacheRoot;
    private readonly string _mirror;
    private readonly CacheFolder _cache;

    public LocalCloneTests()
    {
        _cacheRoot = Path.Combine(_work, "cache");
        _mirror = Path.Combine(_cacheRoot, "git", "mirror");
        Directory.CreateDirectory(Path.GetDirectoryName(_mirror)!);
        _cache = new CacheFolder(_cacheRoot);
    }

    public void Dispose() => TestGit.TryDelete(_work);

    [Fact]
    public async Task TryCreate_LocalBareRepository_MirrorListsAndChecksAsGitCloneBare()
    {
        var remote = BuildRemote("remote.git");

        Assert.True(await LocalClone.TryCreateAsync(remote, _mirror, _cache, CancellationToken.None));

        var reference = Path.Combine(_work, "reference.git");
        TestGit.Run(_work, "clone", "-q", "--bare", "--no-hardlinks", remote, reference);
        Assert.Equal(ForEachRef(reference), ForEachRef(_mirror));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "HEAD")), File.ReadAllText(Path.Combine(_mirror, "HEAD")));
        Assert.Equal(remote, TestGit.Run(_mirror, "config", "--get", "remote.origin.url").Trim());
        Assert.DoesNotContain(TestGit.Lines(_mirror, "config", "--list"), l => l.StartsWith("remote.origin.fetch", StringComparison.Ordinal));
        Assert.Equal("true", TestGit.Run(_mirror, "config", "--get", "core.bare").Trim());
        TestGit.Run(_mirror, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["mirror"], Directory.GetFileSystemEntries(Path.GetDirectoryName(_mirror)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task TryCreate_PackedAndLooseRefs_AnnotatedTagsPeeledInPackedRefs()
    {
        var remote = BuildRemote("remote.git");
        TestGit.Run(remote, "pack-refs", "--all");
        var head = TestGit.Run(remote, "rev-parse", "refs/heads/main").Trim();
        TestGit.Run(remote, "tag", "-a", "-m", "after packing", "late/v1", head); // loose, annotated

        Assert.True(await LocalClone.TryCreateAsync(remote, _mirror, _cache, CancellationToken.None));

        var packed = File.ReadAllLines(Path.Combine(_mirror, "packed-refs"));
        Assert.Equal("# pack-refs with: peeled fully-peeled sorted ", packed[0]);
        var late = Array.FindIndex(packed, l => l.EndsWith(" refs/tags/late/v1", StringComparison.Ordinal));
        Assert.Equal("^" + head, packed[late + 1]);
        Assert.Equal(ForEachRef(remote), ForEachRef(_mirror));
    }

    [Theory]
    [InlineData("file-url")]
    [InlineData("relative")]
    [InlineData("working-tree")]
    [InlineData("alternates")]
    [InlineData("shallow")]
    [InlineData("sha256")]
    [InlineData("linked-object")]
    [InlineData("linked-ref")]
    [InlineData("linked-ref-folder")]
    [InlineData("fifo-ref")]
    [InlineData("fifo-object")]
    [InlineData("missing-object")]
    [InlineData("corrupt-ref")]
    public async Task TryCreate_WhatGitDecides_IsLeftToGitWithNothingWritten(string shape)
    {
        var remote = shape switch
        {
            "working-tree" => WorkingTree(),
            "sha256" => Sha256Remote(),
            _ => BuildRemote("remote.git"),
        };
        var address = remote;
        var packs = Path.Combine(remote, "objects", "pack");
        var pack = Directory.Exists(packs) ? Directory.GetFiles(packs, "*.pack").FirstOrDefault() : null;
        switch (shape)
        {
            case "file-url":
                address = "file://" + remote;
                break;
            case "relative":
                address = Path.GetRelativePath(Environment.CurrentDirectory, remote);
                break;
            case "alternates":
                File.WriteAllText(Path.Combine(remote, "objects", "info", "alternates"), Path.Combine(_work, "elsewhere") + "\n");
                break;
            case "shallow":
                File.WriteAllText(Path.Combine(remote, "shallow"), TestGit.Run(remote, "rev-parse", "refs/heads/main"));
                break;
            case "linked-object":
                File.Move(pack!, pack + ".real");
                File.CreateSymbolicLink(pack!, pack + ".real");
                break;
            case "linked-ref":
                File.WriteAllText(Path.Combine(_work, "outside"), TestGit.Run(remote, "rev-parse", "refs/heads/main"));
                File.CreateSymbolicLink(Path.Combine(remote, "refs", "heads", "outside"), Path.Combine(_work, "outside"));
                break;
            case "linked-ref-folder":
                Directory.CreateDirectory(Path.Combine(_work, "outside-refs"));
                File.WriteAllText(Path.Combine(_work, "outside-refs", "x"), TestGit.Run(remote, "rev-parse", "refs/heads/main"));
                Directory.CreateSymbolicLink(Path.Combine(remote, "refs", "heads", "linked"), Path.Combine(_work, "outside-refs"));
                break;
            case "fifo-ref":
                MakeFifo(Path.Combine(remote, "refs", "heads", "pipe"));
                break;
            case "fifo-object":
                MakeFifo(Path.Combine(remote, "objects", "pipe"));
                break;
            case "missing-object":
                File.WriteAllText(Path.Combine(remote, "refs", "heads", "ghost"), new string('1', 40) + "\n");
                break;
            case "corrupt-ref":
                File.WriteAllText(Path.Combine(remote, "refs", "heads", "broken"), "not an id\n");
                break;
        }

        var created = await LocalClone.TryCreateAsync(address, _mirror, _cache, CancellationToken.None);

        Assert.False(created);
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(_mirror)!));
    }

    [Fact]
    public async Task TryCreate_Cancelled_ThrowsAndLeavesNothing()
    {
        var remote = BuildRemote("remote.git");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LocalClone.TryCreateAsync(remote, _mirror, _cache, cts.Token));

        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(_mirror)!));
    }

    // main with two commits, a drafts branch, a lightweight and an annotated tag, HEAD on main; objects packed and loose.
    private string BuildRemote(string name)
    {
        var remote = Path.Combine(_work, name);
        var work = Path.Combine(_work, name + "-work");
        TestGit.Run(_work, "init", "-q", "--bare", "--initial-branch=main", remote);
        TestGit.Run(_work, "init", "-q", "--initial-branch=main", work);
        File.WriteAllText(Path.Combine(work, "Kptfile"), "kind: Kptfile\n");
        TestGit.Run(work, "add", "-A");
        TestGit.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
        TestGit.Run(work, "tag", "a/v1");
        TestGit.Run(work, "push", "-q", remote, "main", "a/v1");
        TestGit.Run(remote, "repack", "-a", "-d", "-q");
        File.WriteAllText(Path.Combine(work, "cm.yaml"), "kind: ConfigMap\n");
        TestGit.Run(work, "add", "-A");
        TestGit.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "two");
        TestGit.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "tag", "-a", "-m", "annotated", "a/v2");
        TestGit.Run(work, "push", "-q", remote, "main", "a/v2", "main:refs/heads/drafts/a/ws3");
        return remote;
    }

    private string WorkingTree()
    {
        var work = Path.Combine(_work, "tree");
        TestGit.Run(_work, "init", "-q", "--initial-branch=main", work);
        File.WriteAllText(Path.Combine(work, "Kptfile"), "kind: Kptfile\n");
        TestGit.Run(work, "add", "-A");
        TestGit.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
        return work;
    }

    private string Sha256Remote()
    {
        var remote = Path.Combine(_work, "sha256.git");
        TestGit.Run(_work, "init", "-q", "--bare", "--object-format=sha256", remote);
        return remote;
    }

    private static void MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static string[] ForEachRef(string git) =>
        TestGit.Lines(git, "for-each-ref", "--format=%(objectname) %(*objectname) %(refname)").Order(StringComparer.Ordinal).ToArray();
}
