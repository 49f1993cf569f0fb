using Porch.Engine.Api;

namespace Porch.Engine.Watch;

/// <summary>
/// Receives every change of a Repository object held by <see cref="Repositories.RepositoryRegistry"/> (created,
/// replaced, status written, deleted), once per change, in the order of their versions.
/// </summary>
public interface IRepositoryChangeNotifier
{
    /// <summary>Publishes a change.</summary>
    /// <param name="changeType">Added, Modified or Deleted (the watch event types; the enum is shared with package revisions).</param>
    /// <param name="repository">The Repository after the change (as it was removed, for Deleted).</param>
    /// <param name="version">The resourceVersion the registry assigned to this change; more than every earlier one.</param>
    void NotifyRepositoryChange(PackageRevisionChangeType changeType, Repository repository, long version);
}
