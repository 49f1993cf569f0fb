namespace Porch.Engine.Watch;

/// <summary>The kind of a package revision change (the watch event types).</summary>
public enum PackageRevisionChangeType
{
    /// <summary>The revision appeared (<c>ADDED</c>).</summary>
    Added,

    /// <summary>The revision changed (<c>MODIFIED</c>).</summary>
    Modified,

    /// <summary>The revision is gone (<c>DELETED</c>).</summary>
    Deleted,
}
