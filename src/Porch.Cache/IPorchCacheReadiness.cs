namespace Porch.Cache;

/// <summary>
/// Tells a host when the cache is warm: every repository its repository source listed at start has been opened and
/// synced once (or has failed once and is being retried in the background, with an Error condition). Map it to a
/// readiness probe; it needs no ASP.NET Core.
/// </summary>
public interface IPorchCacheReadiness
{
    /// <summary>Gets a value indicating whether the cache is warm.</summary>
    bool IsReady { get; }

    /// <summary>Gets the repositories (<c>namespace/name</c>) of the initial set that are not yet warm.</summary>
    IReadOnlyList<string> PendingRepositories { get; }

    /// <summary>Waits until the cache is warm.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when <see cref="IsReady"/> becomes true.</returns>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken = default);
}
