using System.IO.Compression;
using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// A private loose-object directory for one draft or one write: new blobs, trees and commits are zlib-compressed and
/// written here, never into the mirror's object store, so an abandoned or failed write leaves nothing behind. A push
/// reads it through <c>GIT_ALTERNATE_OBJECT_DIRECTORIES</c>; after a successful push the objects are moved into the
/// mirror (<see cref="MigrateTo"/>) before any local ref points at them.
/// </summary>
internal sealed class ObjectQuarantine : IDisposable
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private readonly CacheFolder? _cache;

    // Set for a quarantine made of others' folders (Combine): read through them, written through none.
    private readonly ObjectQuarantine[]? _members;

    // Where an emptied folder goes for reuse (null: deleted when disposed).
    private readonly QuarantinePool? _pool;
    private int _disposed;

    /// <summary>Creates a quarantine in a new folder under <paramref name="root"/>, which must be inside the cache folder.</summary>
    public ObjectQuarantine(CacheFolder cache, string root)
    {
        _cache = cache;
        Directory = cache.Confine(Path.Combine(root, Guid.NewGuid().ToString("N")));
    }

    /// <summary>Creates a quarantine in <paramref name="folder"/> (new, or emptied by an earlier quarantine of <paramref name="pool"/>).</summary>
    public ObjectQuarantine(CacheFolder cache, QuarantinePool pool, string folder)
    {
        _cache = cache;
        _pool = pool;
        Directory = folder;
    }

    private ObjectQuarantine(ObjectQuarantine[] members)
    {
        _members = members;
        Directory = "";
    }

    /// <summary>Gets the objects directory (layout <c>xx/yyyy...</c>); empty for a combined quarantine.</summary>
    public string Directory { get; }

    /// <summary>Gets the objects directories a push reads through (this one's, or each member's of a combined one) that exist.</summary>
    public IReadOnlyList<string> Directories =>
        [.. (_members is null ? [Directory] : _members.Select(static m => m.Directory)).Where(System.IO.Directory.Exists)];

    /// <summary>
    /// A quarantine made of the members' folders, for closes pushed together: a push reads all of them (alternates),
    /// a successful one migrates each into the mirror, and nothing is copied. It writes nothing and deletes nothing
    /// when disposed: each member stays its owner's (a close of the group may be pushed again on its own).
    /// </summary>
    public static ObjectQuarantine Combine(IEnumerable<ObjectQuarantine> members) =>
        new([.. members.SelectMany(static m => m._members ?? [m]).Distinct()]);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _written.Count;
            }
        }
    }

    /// <summary>
    /// Writes one object (idempotent) and returns its id. The id is recorded only once the object is in place, so a
    /// write that fails (disk full, cancelled) is written again by the next call instead of being taken as done.
    /// </summary>
    public async ValueTask<string> WriteAsync(string type, byte[] content, CancellationToken cancellationToken)
    {
        if (_members is not null)
        {
            throw new InvalidOperationException("a combined quarantine is read through its members and takes no writes");
        }

        var id = GitObjectFormat.ComputeId(type, content);
        lock (_lock)
        {
            if (_written.Contains(id))
            {
                return id;
            }
        }

        var folder = Path.Combine(Directory, id[..2]);
        System.IO.Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, id[2..]);

        // A temporary name of its own: two writers of the same object never share a half-written file.
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        var raw = GitObjectFormat.EncodeLoose(type, content);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                var zlib = new ZLibStream(stream, CompressionLevel.Fastest);
                await using (zlib.ConfigureAwait(false))
                {
                    await zlib.WriteAsync(raw, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        lock (_lock)
        {
            _written.Add(id);
        }

        return id;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The quarantine folder is deleted as a whole when disposed; a leftover temporary file never migrates.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Moves every object into <paramref name="objectsDirectory"/> (objects already there are kept).</summary>
    public void MigrateTo(string objectsDirectory)
    {
        if (_members is not null)
        {
            foreach (var member in _members)
            {
                member.MigrateTo(objectsDirectory);
            }

            return;
        }

        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory))
        {
            var targetFolder = Path.Combine(objectsDirectory, Path.GetFileName(folder));
            System.IO.Directory.CreateDirectory(targetFolder);
            foreach (var file in System.IO.Directory.EnumerateFiles(folder))
            {
                if (file.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    continue;
                }

                var target = Path.Combine(targetFolder, Path.GetFileName(file));
                if (!File.Exists(target))
                {
                    try
                    {
                        File.Move(file, target, overwrite: false);
                    }
                    catch (IOException) when (File.Exists(target))
                    {
                        // Another writer stored the same object meanwhile: same id, same content.
                    }
                }
            }
        }
    }

    /// <summary>
    /// Deletes the folder (best effort, confined to the cache folder; the mirror removes stale quarantines when it is
    /// opened), or hands it back to its pool when its objects all went into the mirror.
    /// </summary>
    public void Dispose()
    {
        // Once: a folder handed back twice would be given to two drafts.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_members is null && _pool?.TryKeep(Directory) != true)
        {
            _cache?.TryDeleteDirectory(Directory);
        }
    }
}
