namespace Porch.Samples.Server;

/// <summary>
/// Waits at shutdown until every PackageVariant or PackageVariantSet change seen so far is in packagevariants.json. Hosted
/// services stop after the web server has stopped taking requests, so no change can follow the flush.
/// </summary>
internal sealed class VariantFlushService(RepositoryStore store) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => store.FlushVariantsAsync().WaitAsync(cancellationToken);
}
