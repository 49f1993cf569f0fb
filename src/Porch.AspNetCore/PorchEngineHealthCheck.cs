using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore;

/// <summary>
/// Healthy when every registered repository can be opened and its version read (for Git: the remote answers a ref
/// listing); degraded or unhealthy names the repositories that failed.
/// </summary>
internal sealed class PorchEngineHealthCheck(IReferenceResolver repositories, IPackageCache cache) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var registered = await repositories.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false);
        var failures = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var repository in registered)
        {
            var key = $"{repository.Metadata.Namespace}/{repository.Metadata.Name}";
            try
            {
                var opened = await cache.OpenRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
                data[key] = await opened.VersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{key}: {ex.Message}");
                data[key] = "unreachable";
            }
        }

        if (failures.Count == 0)
        {
            return HealthCheckResult.Healthy($"{registered.Count} repositories reachable", data);
        }

        return new HealthCheckResult(
            context.Registration.FailureStatus,
            $"{failures.Count} of {registered.Count} repositories unreachable: " + string.Join("; ", failures),
            data: data);
    }
}
