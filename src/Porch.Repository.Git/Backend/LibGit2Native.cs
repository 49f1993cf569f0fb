using System.Runtime.InteropServices;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// The few libgit2 calls LibGit2Sharp does not expose: reading an object's raw bytes from an object database. The native
/// library is the one LibGit2Sharp.NativeBinaries ships (and LibGit2Sharp has initialised before any call here).
/// </summary>
internal static class LibGit2Native
{
    private const string Library = "git2-5853918";

    /// <summary>Opens the object database of an objects directory (loose objects, packs, alternates).</summary>
    [DllImport(Library, EntryPoint = "git_odb_open", CallingConvention = CallingConvention.Cdecl)]
    public static extern int OdbOpen(out IntPtr odb, [MarshalAs(UnmanagedType.LPUTF8Str)] string objectsDirectory);

    [DllImport(Library, EntryPoint = "git_odb_free", CallingConvention = CallingConvention.Cdecl)]
    public static extern void OdbFree(IntPtr odb);

    /// <summary>Reads one object; returns GIT_ENOTFOUND (-3) when it is missing (after one refresh of the pack list).</summary>
    [DllImport(Library, EntryPoint = "git_odb_read", CallingConvention = CallingConvention.Cdecl)]
    public static extern int OdbRead(out IntPtr obj, IntPtr odb, byte[] oid);

    /// <summary>Reads one object's size and type without inflating it (packed objects: from the pack entry's header).</summary>
    [DllImport(Library, EntryPoint = "git_odb_read_header", CallingConvention = CallingConvention.Cdecl)]
    public static extern int OdbReadHeader(out UIntPtr size, out int type, IntPtr odb, byte[] oid);

    [DllImport(Library, EntryPoint = "git_odb_object_data", CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ObjectData(IntPtr obj);

    [DllImport(Library, EntryPoint = "git_odb_object_size", CallingConvention = CallingConvention.Cdecl)]
    public static extern UIntPtr ObjectSize(IntPtr obj);

    [DllImport(Library, EntryPoint = "git_odb_object_type", CallingConvention = CallingConvention.Cdecl)]
    public static extern int ObjectType(IntPtr obj);

    [DllImport(Library, EntryPoint = "git_odb_object_free", CallingConvention = CallingConvention.Cdecl)]
    public static extern void ObjectFree(IntPtr obj);

    public const int NotFound = -3;

    public static string TypeName(int type) => type switch
    {
        1 => "commit",
        2 => "tree",
        3 => "blob",
        4 => "tag",
        _ => "unknown",
    };
}
