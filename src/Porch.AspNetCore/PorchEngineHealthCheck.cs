using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore;

/// <summary>
/// Healthy when every registered repository can be opened and its version read (for Git: the remote answers a ref
/// listing); degraded or unhealthy names the repositories that failed. The repositories are probed side by side, each
/// for at most the probe timeout, so one that never answers cannot hang <c>/healthz</c>.
/// </summary>
internal sealed class PorchEngineHealthCheck(IReferenceResolver repositories, IPackageCache cache, TimeProvider time, TimeSpan probeTimeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Engine.Api.Repository> registered;
        using (var listTimeout = new CancellationTokenSource(probeTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, listTimeout.Token))
        {
            try
            {
                registered = await repositories.ListRepositoriesAsync(null, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (listTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"listing the repositories timed out after {Seconds(probeTimeout)}");
            }
        }

        var probes = registered.Select(r => ProbeAsync(r, cancellationToken)).ToList();
        var results = await Task.WhenAll(probes).ConfigureAwait(false);
        var failures = results.Where(r => r.Error is not null).Select(r => $"{r.Key}: {r.Error}").ToList();
        var data = results.ToDictionary(r => r.Key, r => (object)(r.Version ?? "unreachable"), StringComparer.Ordinal);
        if (failures.Count == 0)
        {
            return HealthCheckResult.Healthy($"{registered.Count} repositories reachable", data);
        }

        return new HealthCheckResult(
            context.Registration.FailureStatus,
            $"{failures.Count} of {registered.Count} repositories unreachable: " + string.Join("; ", failures),
            data: data);
    }

    private async Task<(string Key, string? Version, string? Error)> ProbeAsync(Engine.Api.Repository repository, CancellationToken cancellationToken)
    {
        var key = $"{repository.Metadata.Namespace}/{repository.Metadata.Name}";
        using var timeout = new CancellationTokenSource(probeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var opened = await cache.OpenRepositoryAsync(repository, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            var version = await opened.VersionAsync(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            return (key, version, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (key, null, $"no answer within {Seconds(probeTimeout)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (key, null, ex.Message);
        }
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
