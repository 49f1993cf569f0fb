using Microsoft.Extensions.Hosting;

namespace Porch.Watch.Internal;

/// <summary>
/// Makes a host follow the shared change feed from its start (when one is registered): the watcher manager learns the
/// feed's latest version before the host serves, so the first list already reports it. Without a feed it does nothing.
/// The manager also starts following on its own at the first watch or version read, for hosts that run no hosted services.
/// </summary>
internal sealed class ChangeFeedFollowerService(PackageRevisionWatcherManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => manager.StartFollowingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
