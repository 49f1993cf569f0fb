using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for Porch hosts (map them with ASP.NET Core's <c>MapHealthChecks</c>).</summary>
public static class PorchHealthChecksBuilderExtensions
{
    /// <summary>Adds a check that every registered repository can be opened and read.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <c>porch-repositories</c>.</param>
    /// <param name="failureStatus">The status reported when a repository is unreachable. Default unhealthy.</param>
    /// <param name="tags">Tags, for example <c>ready</c> to make readiness wait for the repositories.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPorchRepositories(
        this IHealthChecksBuilder builder,
        string name = "porch-repositories",
        HealthStatus failureStatus = HealthStatus.Unhealthy,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<PorchEngineHealthCheck>(name, failureStatus, tags ?? []);
    }
}
