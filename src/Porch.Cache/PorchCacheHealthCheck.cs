using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Porch.Cache.Internal;
using Porch.Engine.Repositories;

namespace Porch.Cache;

/// <summary>
/// Reports the cache: unhealthy while it is still warming up (the repositories listed at start are not all handled),
/// when a registered repository could not be opened, or when the last sync of one failed; healthy otherwise. The
/// check gives up after <see cref="PorchCacheOptions.HealthCheckTimeout"/>. Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;PorchCacheHealthCheck&gt;("porch-cache", tags: ["ready"])</c>.
/// </summary>
public sealed class PorchCacheHealthCheck : IHealthCheck
{
    private readonly IPorchCacheReadiness _readiness;
    private readonly IReferenceResolver _repositories;
    private readonly PorchPackageCache _cache;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    internal PorchCacheHealthCheck(IPorchCacheReadiness readiness, IReferenceResolver repositories, PorchPackageCache cache, IOptions<PorchCacheOptions> options, TimeProvider time)
    {
        _readiness = readiness;
        _repositories = repositories;
        _cache = cache;
        _timeout = options.Value.HealthCheckTimeout;
        _time = time;
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

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        IReadOnlyList<Engine.Api.Repository> registered;
        try
        {
            registered = await _repositories.ListRepositoriesAsync(null, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"listing the repositories timed out after {_timeout.TotalSeconds:0.###} s");
        }

        var failures = new List<string>();
        foreach (var repository in registered)
        {
            var ns = repository.Metadata.Namespace ?? "";
            var name = repository.Metadata.Name ?? "";
            if (_cache.FindSyncHandler(ns, name) is { } sync)
            {
                if (sync.LastSyncError is { } error)
                {
                    failures.Add($"{ns}/{name}: {error.Message}");
                }
            }
            else if (_cache.FindOpenFailure(ns, name) is { } openError)
            {
                failures.Add($"{ns}/{name}: cannot open: {openError.Message}");
            }
        }

        return failures.Count == 0
            ? HealthCheckResult.Healthy("cache warm, last syncs succeeded")
            : new HealthCheckResult(context.Registration.FailureStatus, "last sync failed for " + string.Join("; ", failures));
    }
}
