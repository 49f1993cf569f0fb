using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Cache.Internal;
using Porch.Engine.Repositories;

namespace Porch.Cache;

/// <summary>
/// Reports the cache: unhealthy while it is still warming up (the repositories listed at start are not all handled)
/// or when the last sync of a registered repository failed; healthy otherwise. Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;PorchCacheHealthCheck&gt;("porch-cache", tags: ["ready"])</c>.
/// </summary>
public sealed class PorchCacheHealthCheck : IHealthCheck
{
    private readonly IPorchCacheReadiness _readiness;
    private readonly IReferenceResolver _repositories;
    private readonly PorchPackageCache _cache;

    internal PorchCacheHealthCheck(IPorchCacheReadiness readiness, IReferenceResolver repositories, PorchPackageCache cache)
    {
        _readiness = readiness;
        _repositories = repositories;
        _cache = cache;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_readiness.IsReady)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "cache warming up; pending: " + string.Join(", ", _readiness.PendingRepositories));
        }

        var failures = new List<string>();
        foreach (var repository in await _repositories.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var ns = repository.Metadata.Namespace ?? "";
            var name = repository.Metadata.Name ?? "";
            if (_cache.FindSyncHandler(ns, name)?.LastSyncError is { } error)
            {
                failures.Add($"{ns}/{name}: {error.Message}");
            }
        }

        return failures.Count == 0
            ? HealthCheckResult.Healthy("cache warm, last syncs succeeded")
            : new HealthCheckResult(context.Registration.FailureStatus, "last sync failed for " + string.Join("; ", failures));
    }
}
