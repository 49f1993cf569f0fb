namespace Porch.Cache.Internal;

/// <summary>What one sync changed in the cache.</summary>
internal readonly record struct SyncResult(bool VersionChanged, int Added, int Modified, int Deleted)
{
    public static SyncResult Unchanged => default;
}
