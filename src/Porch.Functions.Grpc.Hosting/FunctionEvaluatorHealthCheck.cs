using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Krm.Functions;

namespace Porch.Functions.Grpc.Hosting;

/// <summary>
/// The evaluator's own health, reported through <c>grpc.health.v1</c> for the whole server and for
/// <c>evaluator.FunctionEvaluator</c>: healthy while it has something to serve functions with (a function runtime or an
/// executable) and every configured executable exists.
/// </summary>
internal sealed class FunctionEvaluatorHealthCheck(FunctionEvaluation evaluation) : IHealthCheck
{
    public const string Name = "function-evaluator";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var missing = evaluation.Options.ExecFunctions.Where(e => !File.Exists(e.Path)).Select(e => $"{e.Image} ({e.Path})").ToList();
        if (missing.Count > 0)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "executables not found: " + string.Join(", ", missing)));
        }

        return Task.FromResult(evaluation.RuntimeCount == 0 && evaluation.Options.ExecFunctions.Count == 0
            ? new HealthCheckResult(context.Registration.FailureStatus, $"no {nameof(IFunctionRuntime)} is registered and no executable is configured")
            : HealthCheckResult.Healthy());
    }
}
