namespace Porch.Cache.Sources;

/// <summary>What happened to a repository of an <see cref="IRepositorySource"/>.</summary>
public enum RepositorySourceEventType
{
    /// <summary>The repository exists (first seen).</summary>
    Added,

    /// <summary>The repository's object changed.</summary>
    Modified,

    /// <summary>The repository is gone.</summary>
    Deleted,

    /// <summary>Every repository that existed when the watch started has been reported (the event has no repository).</summary>
    Synced,
}
