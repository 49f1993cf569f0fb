using Porch.Engine.Api;
using Porch.Engine.Watch;

namespace Porch.Cache.Tests.Infrastructure;

/// <summary>Records every change sent to watchers as <c>Type name</c> lines.</summary>
internal sealed class RecordingNotifier : IPackageRevisionChangeNotifier
{
    private readonly Lock _lock = new();
    private readonly List<(PackageRevisionChangeType Type, PackageRevision Object)> _events = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _events.Select(e => $"{e.Type} {e.Object.Metadata.Name}")];
            }
        }
    }

    public IReadOnlyList<(PackageRevisionChangeType Type, PackageRevision Object)> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public int NotifyPackageRevisionChange(PackageRevisionChangeType changeType, PackageRevision packageRevision)
    {
        lock (_lock)
        {
            _events.Add((changeType, packageRevision));
        }

        return 1;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _events.Clear();
        }
    }
}
