using Porch.Engine.Api;

namespace Porch.Engine.Watch;

/// <summary>The default notifier when no watch package is registered: nobody listens.</summary>
internal sealed class NullChangeNotifier : IPackageRevisionChangeNotifier
{
    public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision) => 0;
}
