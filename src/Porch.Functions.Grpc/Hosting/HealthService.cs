using Porch.Functions.Grpc.Protos.Health;
using Porch.Functions.Grpc.Wire;

namespace Porch.Functions.Grpc.Hosting;

/// <summary><c>grpc.health.v1.Health/Check</c>: the whole server and the evaluator service are SERVING; any other service is unknown.</summary>
internal static class HealthService
{
    public const string EvaluatorService = "evaluator.FunctionEvaluator";

    public static Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Service.Length == 0 || request.Service == EvaluatorService)
        {
            return Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });
        }

        // grpc-go's health server answers an unregistered service this way.
        throw new GrpcStatusException(GrpcStatusCode.NotFound, "unknown service");
    }
}
