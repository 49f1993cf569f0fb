using Grpc.Core;
using Porch.Functions.Grpc.Protos;

namespace Porch.Functions.Grpc.Hosting;

/// <summary>
/// <c>evaluator.FunctionEvaluator</c> on Grpc.AspNetCore: the generated service base, each call handed to
/// <see cref="FunctionEvaluation"/> with the call's token, which fires when the client's deadline passes or it goes away.
/// </summary>
internal sealed class FunctionEvaluatorService(FunctionEvaluation evaluation) : FunctionEvaluator.FunctionEvaluatorBase
{
    /// <summary>The service name health checks report on besides the whole server's.</summary>
    public const string ServiceName = "evaluator.FunctionEvaluator";

    public override Task<EvaluateFunctionResponse> EvaluateFunction(EvaluateFunctionRequest request, ServerCallContext context) =>
        evaluation.EvaluateAsync(request, context.CancellationToken);
}
