using LibGit2Sharp;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// An object database backend of the reused push repository that serves the objects of the quarantine being pushed
/// (<see cref="Current"/>, set for each push) and nothing else. The push repository stays open across pushes with it,
/// so libgit2's object cache keeps the commits and trees it read to hide the remote's refs: without it every push read
/// again, from disk, the commit and root tree of every ref the remote advertises.
/// </summary>
internal sealed class QuarantineObjectBackend : OdbBackend
{
    private volatile Objects.ObjectQuarantine? _current;

    /// <summary>Gets or sets the quarantine whose objects the backend serves (null: none).</summary>
    public Objects.ObjectQuarantine? Current
    {
        get => _current;
        set => _current = value;
    }

    protected override OdbBackendOperations SupportedOperations =>
        OdbBackendOperations.Read | OdbBackendOperations.ReadHeader | OdbBackendOperations.Exists;

    public override int Read(ObjectId id, out UnmanagedMemoryStream data, out ObjectType objectType)
    {
        data = null!;
        objectType = default;
        if (!TryRead(id, out var type, out var content))
        {
            return (int)ReturnCode.GIT_ENOTFOUND;
        }

        data = AllocateAndBuildFrom(content);
        objectType = type;
        return (int)ReturnCode.GIT_OK;
    }

    public override int ReadHeader(ObjectId id, out int length, out ObjectType objectType)
    {
        length = 0;
        objectType = default;
        if (!TryRead(id, out var type, out var content))
        {
            return (int)ReturnCode.GIT_ENOTFOUND;
        }

        length = content.Length;
        objectType = type;
        return (int)ReturnCode.GIT_OK;
    }

    public override bool Exists(ObjectId id) => _current?.Holds(id.Sha) == true;

    public override int ReadPrefix(string shortSha, out ObjectId oid, out UnmanagedMemoryStream data, out ObjectType objectType)
    {
        oid = null!;
        data = null!;
        objectType = default;
        return (int)ReturnCode.GIT_ENOTFOUND;
    }

    public override int ExistsPrefix(string shortSha, out ObjectId found)
    {
        found = null!;
        return (int)ReturnCode.GIT_ENOTFOUND;
    }

    public override int Write(ObjectId id, Stream dataStream, long length, ObjectType objectType) =>
        throw new NotSupportedException("the quarantine backend takes no writes (not in SupportedOperations)");

    public override int ReadStream(ObjectId id, out OdbBackendStream stream) =>
        throw new NotSupportedException("the quarantine backend reads no streams (not in SupportedOperations)");

    public override int WriteStream(long length, ObjectType objectType, out OdbBackendStream stream) =>
        throw new NotSupportedException("the quarantine backend takes no writes (not in SupportedOperations)");

    public override int ForEach(ForEachCallback callback) =>
        throw new NotSupportedException("the quarantine backend lists no objects (not in SupportedOperations)");

    private bool TryRead(ObjectId id, out ObjectType type, out byte[] content)
    {
        type = default;
        content = [];
        if (_current is not { } quarantine || !quarantine.TryRead(id.Sha, out var name, out content))
        {
            return false;
        }

        type = name switch
        {
            "commit" => ObjectType.Commit,
            "tree" => ObjectType.Tree,
            "blob" => ObjectType.Blob,
            "tag" => ObjectType.Tag,
            _ => throw new InvalidDataException("quarantined object " + id.Sha + " has an unknown type " + name),
        };
        return true;
    }
}
