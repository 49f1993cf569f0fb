using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Krm.Functions;
using Grpc.Core;

namespace Porch.Functions.Grpc;

/// <summary>
/// Healthy when the function runner answers the standard gRPC health check with SERVING. Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;GrpcFunctionRunnerHealthCheck&gt;("function-runner")</c> after
/// <c>WithGrpcFunctionRuntime</c>.
/// </summary>
public sealed class GrpcFunctionRunnerHealthCheck : IHealthCheck
{
    private readonly GrpcFunctionRuntime? _runtime;

    /// <summary>Initializes a new instance of the <see cref="GrpcFunctionRunnerHealthCheck"/> class.</summary>
    /// <param name="runtimes">The registered function runtimes; the gRPC one is checked.</param>
    public GrpcFunctionRunnerHealthCheck(IEnumerable<IFunctionRuntime> runtimes)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        _runtime = runtimes.OfType<GrpcFunctionRuntime>().FirstOrDefault();
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_runtime is null)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "no gRPC function runtime is registered (WithGrpcFunctionRuntime)");
        }

        try
        {
            return await _runtime.IsServingAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy("function runner serving")
                : new HealthCheckResult(context.Registration.FailureStatus, "function runner answered NOT_SERVING");
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "function runner unreachable: " + ex.Status.StatusCode + " " + ex.Status.Detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "function runner did not answer within 5 s");
        }
    }
}
