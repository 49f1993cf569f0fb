using Porch.Engine.Api;

namespace Porch.Engine.Watch;

/// <summary>Receives every stored change of a package revision, once per change, after it succeeded.</summary>
public interface IPackageRevisionChangeNotifier
{
    /// <summary>Publishes a change.</summary>
    /// <param name="changeType">Added, Modified or Deleted.</param>
    /// <param name="packageRevision">The package revision as clients see it after the change (before it, for Deleted).</param>
    /// <returns>The number of watchers notified.</returns>
    int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision);
}
