using System.Collections.Concurrent;
using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Engine.Tests.Engine;

internal sealed class RecordingNotifier : IPackageRevisionChangeNotifier
{
    private readonly ConcurrentQueue<(PackageRevisionChangeType Type, string Name, PackageRevisionLifecycle? Lifecycle)> _events = new();

    public IReadOnlyList<(PackageRevisionChangeType Type, string Name, PackageRevisionLifecycle? Lifecycle)> Events => [.. _events];

    public void Clear() => _events.Clear();

    public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision)
    {
        _events.Enqueue((changeType, packageRevision.Metadata.Name ?? "", packageRevision.Spec.Lifecycle));
        return 1;
    }
}
