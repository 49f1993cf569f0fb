using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.AspNetCore;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for Porch hosts (map them with ASP.NET Core's <c>MapHealthChecks</c>).</summary>
public static class PorchHealthChecksBuilderExtensions
{
    /// <summary>The default time a repository probe may take: 5 seconds.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Adds a check that every registered repository can be opened and read.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <c>porch-repositories</c>.</param>
    /// <param name="failureStatus">The status reported when a repository is unreachable. Default unhealthy.</param>
    /// <param name="tags">Tags, for example <c>ready</c> to make readiness wait for the repositories.</param>
    /// <param name="probeTimeout">How long one repository's probe may take before it counts as unreachable. Default <see cref="DefaultProbeTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPorchRepositories(
        this IHealthChecksBuilder builder,
        string name = "porch-repositories",
        HealthStatus failureStatus = HealthStatus.Unhealthy,
        IEnumerable<string>? tags = null,
        TimeSpan? probeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var timeout = probeTimeout ?? DefaultProbeTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(probeTimeout));
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new PorchEngineHealthCheck(
                sp.GetRequiredService<IReferenceResolver>(),
                sp.GetRequiredService<IPackageCache>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                timeout),
            failureStatus,
            tags ?? []));
    }
}
