using System.IO.Compression;
using System.Text;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Objects;

public sealed class ObjectQuarantineTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("porch-quarantine-").FullName;

    public void Dispose() => TestGit.TryDelete(_scratch);

    [Fact]
    public async Task WriteAsync_FailedWrite_IsNotRecordedAndTheRetryWritesTheObject()
    {
        var cache = new CacheFolder(_scratch);
        using var quarantine = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        var content = Encoding.UTF8.GetBytes("kind: ConfigMap\n");
        var id = GitObjectFormat.ComputeId("blob", content);

        // A file where the object's fan-out folder belongs makes the first write fail.
        Directory.CreateDirectory(quarantine.Directory);
        var blocker = Path.Combine(quarantine.Directory, id[..2]);
        await File.WriteAllTextAsync(blocker, "not a folder");
        await Assert.ThrowsAnyAsync<IOException>(async () => await quarantine.WriteAsync("blob", content, CancellationToken.None));
        Assert.Equal(0, quarantine.Count);

        File.Delete(blocker);
        Assert.Equal(id, await quarantine.WriteAsync("blob", content, CancellationToken.None));

        var stored = Path.Combine(quarantine.Directory, id[..2], id[2..]);
        Assert.True(File.Exists(stored), "the retried write must store the object");
        Assert.Equal(GitObjectFormat.EncodeLoose("blob", content), Inflate(stored));
        Assert.Equal(1, quarantine.Count);
    }

    [Fact]
    public async Task WriteAsync_SameObjectTwice_WrittenOnceAndCountedOnce()
    {
        var cache = new CacheFolder(_scratch);
        using var quarantine = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        var content = Encoding.UTF8.GetBytes("a: b\n");

        var first = await quarantine.WriteAsync("blob", content, CancellationToken.None);
        var second = await quarantine.WriteAsync("blob", content, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, quarantine.Count);
        Assert.Equal(GitObjectFormat.EncodeLoose("blob", content), Inflate(Path.Combine(quarantine.Directory, first[..2], first[2..])));
    }

    [Fact]
    public async Task TryReadAndHolds_ServeWhatItWroteUntilMigrated_AndNothingElse()
    {
        var cache = new CacheFolder(_scratch);
        using var first = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        using var second = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        var content = Encoding.UTF8.GetBytes("kind: ConfigMap\n");
        var id = await first.WriteAsync("blob", content, CancellationToken.None);

        Assert.True(first.TryRead(id, out var type, out var read));
        Assert.Equal("blob", type);
        Assert.Equal(content, read);
        Assert.True(ObjectQuarantine.Combine([second, first]).TryRead(id, out _, out _), "a combined quarantine reads through its members");
        Assert.False(second.TryRead(id, out _, out _), "another quarantine's object");
        Assert.True(first.Holds(id) && !second.Holds(id));
        Assert.False(first.TryRead(GitObjectFormat.EmptyTreeId, out _, out _), "an object it never wrote");

        first.MigrateTo(Path.Combine(_scratch, "objects"));
        Assert.False(first.TryRead(id, out _, out _), "once in the mirror, the mirror serves it");
        Assert.False(first.Holds(id));
    }

    [Fact]
    public async Task Combine_ReadsThroughEachMember_MigratesEach_AndLeavesTheMembersTheirOwners()
    {
        var cache = new CacheFolder(_scratch);
        using var first = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        using var second = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        using var empty = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        var a = await first.WriteAsync("blob", Encoding.UTF8.GetBytes("a\n"), CancellationToken.None);
        var b = await second.WriteAsync("blob", Encoding.UTF8.GetBytes("b\n"), CancellationToken.None);

        var combined = ObjectQuarantine.Combine([first, second, empty, ObjectQuarantine.Combine([first])]);
        Assert.Equal([first.Directory, second.Directory], combined.Directories); // each folder once, none that does not exist
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await combined.WriteAsync("blob", [1], CancellationToken.None));

        combined.Dispose(); // the members are not deleted with it
        Assert.True(Directory.Exists(first.Directory) && Directory.Exists(second.Directory));

        var objects = Path.Combine(_scratch, "objects");
        combined.MigrateTo(objects);
        Assert.True(File.Exists(Path.Combine(objects, a[..2], a[2..])));
        Assert.True(File.Exists(Path.Combine(objects, b[..2], b[2..])));
    }

    [Fact]
    public async Task Dispose_ObjectsAllWentIntoTheMirror_TheFolderServesTheNextQuarantine_Once()
    {
        var cache = new CacheFolder(_scratch);
        var pool = new QuarantinePool(cache, Path.Combine(_scratch, "q"));
        var first = pool.Create();
        await first.WriteAsync("blob", Encoding.UTF8.GetBytes("a\n"), CancellationToken.None);
        first.MigrateTo(Path.Combine(_scratch, "objects"));
        first.Dispose();
        first.Dispose(); // handed back once, however often disposed

        using var second = pool.Create();
        using var third = pool.Create();
        Assert.Equal(first.Directory, second.Directory);
        Assert.NotEqual(first.Directory, third.Directory);
        Assert.Equal(0, second.Count);
    }

    [Fact]
    public async Task Dispose_ObjectsLeft_TheFolderIsDeleted()
    {
        var cache = new CacheFolder(_scratch);
        var pool = new QuarantinePool(cache, Path.Combine(_scratch, "q"));
        var abandoned = pool.Create();
        await abandoned.WriteAsync("blob", Encoding.UTF8.GetBytes("never pushed\n"), CancellationToken.None);

        abandoned.Dispose();

        Assert.False(Directory.Exists(abandoned.Directory));
        using var next = pool.Create();
        Assert.NotEqual(abandoned.Directory, next.Directory);
    }

    [Fact]
    public async Task Dispose_PoolFull_TheFolderIsDeleted()
    {
        var cache = new CacheFolder(_scratch);
        var pool = new QuarantinePool(cache, Path.Combine(_scratch, "q"));
        var emptied = new List<ObjectQuarantine>();
        for (var i = 0; i <= QuarantinePool.Capacity; i++)
        {
            var quarantine = pool.Create();
            await quarantine.WriteAsync("blob", Encoding.UTF8.GetBytes($"{i}\n"), CancellationToken.None);
            quarantine.MigrateTo(Path.Combine(_scratch, "objects"));
            emptied.Add(quarantine);
        }

        foreach (var quarantine in emptied)
        {
            quarantine.Dispose();
        }

        Assert.Equal(QuarantinePool.Capacity, emptied.Count(q => Directory.Exists(q.Directory)));
    }

    [Fact]
    public async Task MigrateTo_ObjectTheMirrorHasAlready_KeepsTheMirrorsCopy_AndLeavesTheFolderReusable()
    {
        var cache = new CacheFolder(_scratch);
        var pool = new QuarantinePool(cache, Path.Combine(_scratch, "q"));
        var objects = Path.Combine(_scratch, "objects");
        var first = pool.Create();
        var id = await first.WriteAsync("blob", Encoding.UTF8.GetBytes("shared\n"), CancellationToken.None);
        var mirrorCopy = Path.Combine(objects, id[..2], id[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(mirrorCopy)!);
        await File.WriteAllBytesAsync(mirrorCopy, File.ReadAllBytes(Path.Combine(first.Directory, id[..2], id[2..])));
        var before = File.GetLastWriteTimeUtc(mirrorCopy);

        first.MigrateTo(objects);

        Assert.True(first.IsEmpty);
        Assert.Empty(Directory.EnumerateFiles(first.Directory, "*", SearchOption.AllDirectories));
        Assert.Equal(before, File.GetLastWriteTimeUtc(mirrorCopy));
        first.Dispose();
        using var second = pool.Create();
        Assert.Equal(first.Directory, second.Directory);
    }

    [Fact]
    public async Task MigrateTo_MovesWhatThisQuarantineWrote_AndNothingItDidNot()
    {
        var cache = new CacheFolder(_scratch);
        var pool = new QuarantinePool(cache, Path.Combine(_scratch, "q"));
        var objects = Path.Combine(_scratch, "objects");
        var quarantine = pool.Create();
        var a = await quarantine.WriteAsync("blob", Encoding.UTF8.GetBytes("a\n"), CancellationToken.None);
        var stranger = Path.Combine(quarantine.Directory, "ff", "0000000000000000000000000000000000000f");
        Directory.CreateDirectory(Path.GetDirectoryName(stranger)!);
        await File.WriteAllTextAsync(stranger, "not written by the quarantine");

        quarantine.MigrateTo(objects);
        quarantine.MigrateTo(objects); // a second migration has nothing left to move

        Assert.True(File.Exists(Path.Combine(objects, a[..2], a[2..])));
        Assert.False(Directory.Exists(Path.Combine(objects, "ff")));
        Assert.True(quarantine.IsEmpty);
    }

    [Fact]
    public async Task IsEmpty_UntilEveryObjectWritten_WentIntoTheMirror()
    {
        var cache = new CacheFolder(_scratch);
        using var quarantine = new ObjectQuarantine(cache, Path.Combine(_scratch, "q"));
        Assert.True(quarantine.IsEmpty);
        await quarantine.WriteAsync("blob", Encoding.UTF8.GetBytes("x\n"), CancellationToken.None);
        Assert.False(quarantine.IsEmpty);
        quarantine.MigrateTo(Path.Combine(_scratch, "objects"));
        Assert.True(quarantine.IsEmpty);
        await quarantine.WriteAsync("blob", Encoding.UTF8.GetBytes("x\n"), CancellationToken.None); // known: nothing new written
        Assert.True(quarantine.IsEmpty);
        Assert.Equal(1, quarantine.Count);
    }

    private static byte[] Inflate(string path)
    {
        using var file = File.OpenRead(path);
        using var zlib = new ZLibStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        zlib.CopyTo(buffer);
        return buffer.ToArray();
    }
}
