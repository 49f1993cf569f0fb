using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Porch.Repository.Git.Refs;
using NativeRepository = LibGit2Sharp.Repository;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// Creates the bare mirror of a repository on a local path in process, as <c>git clone --bare --no-hardlinks</c> does
/// for a local path (git's local clone): the repository's branches and tags are read from its ref files first, then its
/// object folder is copied file by file (no pack is built, sent or indexed), then every ref's object is looked up in the
/// copy, and the mirror appears under its name only once complete (built in a sibling folder, then renamed).
/// </summary>
/// <remarks>
/// What git decides with rules of its own is left to git: a repository owned by another user (git's safe.directory
/// rules), one with alternates, a shallow or linked-worktree repository, repository extensions (SHA-256 objects,
/// reftable refs, partial clones), a working tree's <c>.git</c>, symbolic links or special files where git keeps refs
/// and objects, and any read that fails midway (a repack removing a pack being copied). For each
/// <see cref="TryCreateAsync"/> returns false, leaves nothing behind, and the caller clones with git.
/// </remarks>
internal static class LocalClone
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFileBits = 0x8000;
    private const int DirectoryBits = 0x4000;
    private const int TagType = 4;

    /// <summary>
    /// Clones <paramref name="remote"/> into <paramref name="gitDirectory"/> (which must not exist) when it is a local
    /// repository this can copy as git would; false (nothing written) when git must do it.
    /// </summary>
    public static async Task<bool> TryCreateAsync(string remote, string gitDirectory, CacheFolder cache, CancellationToken cancellationToken)
    {
        if (!IsCopyable(remote))
        {
            return false;
        }

        var staging = cache.Confine(gitDirectory + ".clone-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var done = false;
        try
        {
            done = await BuildAsync(remote, staging, cancellationToken).ConfigureAwait(false);
            if (done)
            {
                Directory.Move(staging, gitDirectory);
            }

            return done;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LibGit2Sharp.LibGit2SharpException)
        {
            done = false;
            return false;
        }
        finally
        {
            if (!done)
            {
                await cache.TryDeleteDirectoryAsync(staging).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether <paramref name="remote"/> names, by an absolute path, a bare repository git would clone locally and this can copy.</summary>
    internal static bool IsCopyable(string remote)
    {
        if (!OperatingSystem.IsLinux() || remote.Contains("://", StringComparison.Ordinal) || !Path.IsPathFullyQualified(remote) || GitUrl.IsSsh(remote))
        {
            return false;
        }

        if (!IsPlainDirectory(remote) ||
            Path.Exists(Path.Combine(remote, ".git")) ||
            !IsRegularFile(Path.Combine(remote, "HEAD")) ||
            !IsPlainDirectory(Path.Combine(remote, "objects")) ||
            !IsPlainDirectory(Path.Combine(remote, "refs")) ||
            Path.Exists(Path.Combine(remote, "commondir")) ||
            Path.Exists(Path.Combine(remote, "shallow")) ||
            Path.Exists(Path.Combine(remote, "objects", "info", "alternates")) ||
            Path.Exists(Path.Combine(remote, "objects", "info", "http-alternates")) ||
            Path.Exists(Path.Combine(remote, "reftable")))
        {
            return false;
        }

        var config = Path.Combine(remote, "config");
        if (!IsRegularFile(config) || File.ReadAllText(config).Contains("[extensions", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return OwnedByCurrentUser(remote);
    }

    private static async Task<bool> BuildAsync(string remote, string staging, CancellationToken cancellationToken)
    {
        // The refs are read while the objects are copied; every object a ref names is looked up in the copy afterwards,
        // so a ref written meanwhile whose objects the copy missed sends the clone to git instead of making a mirror
        // that lacks them.
        var reading = Task.Run(() => ReadRefs(remote), cancellationToken);
        var copying = Task.Run(
            () =>
            {
                NativeRepository.Init(staging, isBare: true);
                return CopyObjects(Path.Combine(remote, "objects"), Path.Combine(staging, "objects"), cancellationToken);
            },
            cancellationToken);
        try
        {
            await Task.WhenAll(reading, copying).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return false; // corrupt refs: git says what is wrong with them
        }

        if (reading.Result is not { } refs || !copying.Result)
        {
            return false;
        }

        var odb = OpenOdb(Path.Combine(staging, "objects"));
        if (odb == IntPtr.Zero)
        {
            return false;
        }

        try
        {
            for (var i = 0; i < refs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var gitRef = refs[i];
                if (!Exists(odb, gitRef.TargetId))
                {
                    return false;
                }

                // A tag read without its peeled commit (a loose ref, or packed-refs without the peeled trait).
                if (gitRef.Name.StartsWith(GitRefNames.Tags, StringComparison.Ordinal) && gitRef.CommitId == gitRef.TargetId &&
                    TagTarget(odb, gitRef.TargetId) is { } peeled)
                {
                    if (!Exists(odb, peeled))
                    {
                        return false;
                    }

                    refs[i] = gitRef with { CommitId = peeled };
                }
            }
        }
        finally
        {
            LibGit2Native.OdbFree(odb);
        }

        refs.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var packed = new StringBuilder("# pack-refs with: peeled fully-peeled sorted \n");
        foreach (var gitRef in refs)
        {
            packed.Append(gitRef.TargetId).Append(' ').Append(gitRef.Name).Append('\n');
            if (gitRef.TargetId != gitRef.CommitId)
            {
                packed.Append('^').Append(gitRef.CommitId).Append('\n');
            }
        }

        File.WriteAllText(Path.Combine(staging, "packed-refs"), packed.ToString(), new UTF8Encoding(false));
        if (RemoteHead(remote) is { } head)
        {
            File.WriteAllText(Path.Combine(staging, "HEAD"), "ref: " + head + "\n", new UTF8Encoding(false));
        }

        using (var repository = new NativeRepository(staging))
        {
            // As git clone --bare writes it: the address, no fetch refspec (every fetch names its refspecs).
            repository.Config.Set("remote.origin.url", remote);
        }

        return true;
    }

    /// <summary>The branches and tags of the repository (tags not yet peeled unless packed-refs says), or null when its refs hold a link or a special file.</summary>
    private static List<GitRef>? ReadRefs(string remote)
    {
        var packedRefs = Path.Combine(remote, "packed-refs");
        if (!NoLinksOnTheWay(Path.Combine(remote, "refs")) || (Path.Exists(packedRefs) && !IsRegularFile(packedRefs)))
        {
            return null;
        }

        return RefFiles.Read(remote, static _ => null, IsRegularFile);
    }

    /// <summary>Copies the object folder file by file; false when it holds anything but folders and regular files.</summary>
    private static bool CopyObjects(string source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.Combine(target, Path.GetFileName(entry));
            switch (TypeOf(entry))
            {
                case FileType.Directory:
                    if (!CopyObjects(entry, destination, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case FileType.Regular:
                    File.Copy(entry, destination, overwrite: true);
                    break;
                default:
                    return false; // git refuses symbolic links in the objects of a repository it clones locally
            }
        }

        return true;
    }

    /// <summary>The branch the repository's HEAD names (<c>refs/heads/...</c>), or null when it names none.</summary>
    private static string? RemoteHead(string remote)
    {
        var text = File.ReadAllText(Path.Combine(remote, "HEAD")).TrimEnd('\n', '\r');
        if (!text.StartsWith("ref: ", StringComparison.Ordinal))
        {
            return null;
        }

        var target = text["ref: ".Length..].Trim();
        return target.StartsWith(GitRefNames.Heads, StringComparison.Ordinal) && Porch.Engine.Repositories.GitAddressRules.CheckReference(target) is null ? target : null;
    }

    /// <summary>Whether no folder below <paramref name="folder"/> is a symbolic link or a special file (the files themselves are checked as they are read).</summary>
    private static bool NoLinksOnTheWay(string folder)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateDirectories("*", SearchOption.AllDirectories))
        {
            if (TypeOf(entry.FullName) != FileType.Directory)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsRegularFile(string path) => TypeOf(path) == FileType.Regular;

    private static bool IsPlainDirectory(string path) => TypeOf(path) == FileType.Directory;

    /// <summary>What the path itself is (a symbolic link is not followed); <see cref="FileType.Other"/> when it cannot be told.</summary>
    private static FileType TypeOf(string path)
    {
        if (!TryStat(path, out _, out var mode))
        {
            return FileType.Other;
        }

        return (mode & FileTypeMask) switch
        {
            RegularFileBits => FileType.Regular,
            DirectoryBits => FileType.Directory,
            _ => FileType.Other,
        };
    }

    /// <summary>lstat's owner and mode of a path (statx: one layout on every Linux architecture).</summary>
    private static bool TryStat(string path, out uint owner, out ushort mode)
    {
        owner = 0;
        mode = 0;
        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        owner = BitConverter.ToUInt32(buffer, StatxUidOffset);
        mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
        return true;
    }

    private static IntPtr OpenOdb(string objects) =>
        LibGit2Native.OdbOpen(out var odb, objects) < 0 ? IntPtr.Zero : odb;

    private static bool Exists(IntPtr odb, string id) =>
        LibGit2Native.OdbReadHeader(out _, out _, odb, Convert.FromHexString(id)) >= 0;

    /// <summary>The object an annotated tag object names (its first line, <c>object &lt;hex&gt;</c>), or null for any other object.</summary>
    internal static string? TagTarget(IntPtr odb, string id)
    {
        var oid = Convert.FromHexString(id);
        if (LibGit2Native.OdbReadHeader(out _, out var type, odb, oid) < 0 || type != TagType ||
            LibGit2Native.OdbRead(out var obj, odb, oid) < 0)
        {
            return null;
        }

        try
        {
            var size = (int)LibGit2Native.ObjectSize(obj);
            if (size < 47)
            {
                return null;
            }

            var head = new byte[47];
            Marshal.Copy(LibGit2Native.ObjectData(obj), head, 0, head.Length);
            return head.AsSpan(0, 7).SequenceEqual("object "u8) ? Encoding.ASCII.GetString(head, 7, 40) : null;
        }
        finally
        {
            LibGit2Native.ObjectFree(obj);
        }
    }

    /// <summary>
    /// Whether the folder's owner is the user this process runs as, as git's safe.directory check asks it (as root under
    /// sudo, the user sudo names). False when it cannot be told.
    /// </summary>
    private static bool OwnedByCurrentUser(string path)
    {
        if (!TryStat(path, out var owner, out _))
        {
            return false;
        }

        try
        {
            var user = GetEffectiveUserId();
            if (user == 0 && uint.TryParse(Environment.GetEnvironmentVariable("SUDO_UID"), NumberStyles.None, CultureInfo.InvariantCulture, out var sudo))
            {
                user = sudo;
            }

            return owner == user;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private enum FileType
    {
        Other,
        Regular,
        Directory,
    }
}
