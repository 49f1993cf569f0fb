namespace Porch.Cache;

/// <summary>Where the package cache keeps what it has read from repositories.</summary>
public enum PackageCacheStorage
{
    /// <summary>Process memory (Porch's CR cache): fast, cold after a restart, one engine only.</summary>
    Memory,

    /// <summary>An embedded SQLite database file (Porch's DB cache on one machine): warm after a restart.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (Porch's DB cache): warm after a restart and shared by several engine instances.</summary>
    PostgreSql,
}
