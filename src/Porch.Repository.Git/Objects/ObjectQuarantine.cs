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

    // Objects of _written whose files are still in this folder (not yet moved into a mirror): what a migration moves
    // and what keeps the folder from being reused, so neither walks the folder's fan-out directories.
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    // A temporary file that could not be deleted after a failed write: the folder is not empty.
    private bool _strays;

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
            _pending.Add(id);
        }

        return id;
    }

    /// <summary>Gets a value indicating whether the folder holds no file: every object written went into a mirror.</summary>
    /// <summary>Whether this quarantine (or one of its members) wrote the object and still holds it (not yet migrated).</summary>
    public bool Holds(string id)
    {
        if (_members is not null)
        {
            return _members.Any(m => m.Holds(id));
        }

        lock (_lock)
        {
            return _pending.Contains(id);
        }
    }

    /// <summary>
    /// Reads an object this quarantine (or one of its members) wrote and still holds: its type and content, as the
    /// loose file stores them. False for any other object, and for one already moved into a mirror (read it there).
    /// </summary>
    public bool TryRead(string id, out string type, out byte[] content)
    {
        if (_members is not null)
        {
            foreach (var member in _members)
            {
                if (member.TryRead(id, out type, out content))
                {
                    return true;
                }
            }

            type = "";
            content = [];
            return false;
        }

        lock (_lock)
        {
            if (!_pending.Contains(id))
            {
                type = "";
                content = [];
                return false;
            }
        }

        try
        {
            using var file = new FileStream(Path.Combine(Directory, id[..2], id[2..]), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            using var zlib = new ZLibStream(file, CompressionMode.Decompress);
            using var raw = new MemoryStream();
            zlib.CopyTo(raw);
            return GitObjectFormat.TryDecodeLoose(raw.GetBuffer().AsSpan(0, (int)raw.Length), out type, out content);
        }
        catch (FileNotFoundException)
        {
            // Moved by a migration that ran meanwhile: the mirror has it.
        }
        catch (DirectoryNotFoundException)
        {
            // As above, with its fan-out folder.
        }

        type = "";
        content = [];
        return false;
    }

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count == 0 && !_strays;
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return;
        }
        catch (IOException)
        {
            // The quarantine folder is deleted as a whole when disposed; a leftover temporary file never migrates.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }

        lock (_lock)
        {
            _strays = true;
        }
    }

    /// <summary>
    /// Moves every object written here into <paramref name="objectsDirectory"/> (an object already there is kept and
    /// this copy deleted). Only the objects this quarantine wrote are visited: the folder's fan-out directories are
    /// never listed.
    /// </summary>
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

        string[] pending;
        lock (_lock)
        {
            pending = [.. _pending];
        }

        string? lastFolder = null;
        foreach (var id in pending)
        {
            var source = Path.Combine(Directory, id[..2], id[2..]);
            var targetFolder = Path.Combine(objectsDirectory, id[..2]);
            if (!string.Equals(lastFolder, targetFolder, StringComparison.Ordinal))
            {
                System.IO.Directory.CreateDirectory(targetFolder);
                lastFolder = targetFolder;
            }

            var target = Path.Combine(targetFolder, id[2..]);
            try
            {
                File.Move(source, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // The mirror has it already (another writer stored the same object): same id, same content.
                File.Delete(source);
            }
            catch (FileNotFoundException)
            {
                // Moved by an earlier migration that failed after it (the file is in the mirror).
            }

            lock (_lock)
            {
                _pending.Remove(id);
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

        if (_members is null && _pool?.TryKeep(Directory, IsEmpty) != true)
        {
            _cache?.TryDeleteDirectory(Directory);
        }
    }
}
