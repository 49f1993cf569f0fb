using Grpc.Core;
using Grpc.Net.Client;
using Porch.Functions.Grpc.Protos;

namespace Porch.Functions.Grpc.Tests.Infrastructure;

/// <summary>Calls a function runner with the generated client on a plain Grpc.Net.Client channel, below the runtime's error texts.</summary>
internal static class DirectClient
{
    public static async Task<EvaluateFunctionResponse> EvaluateAsync(Uri address, EvaluateFunctionRequest request, TimeSpan? timeout = null)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var deadline = timeout is { } t ? DateTime.UtcNow + t : (DateTime?)null;
        return await new FunctionEvaluator.FunctionEvaluatorClient(channel).EvaluateFunctionAsync(request, deadline: deadline);
    }

    /// <summary>Calls a method of <c>evaluator.FunctionEvaluator</c> the contract does not have.</summary>
    public static async Task<EvaluateFunctionResponse> CallUnknownMethodAsync(Uri address, string method)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var descriptor = new Method<EvaluateFunctionRequest, EvaluateFunctionResponse>(
            MethodType.Unary, "evaluator.FunctionEvaluator", method,
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), EvaluateFunctionRequest.Parser.ParseFrom),
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), EvaluateFunctionResponse.Parser.ParseFrom));
        return await channel.CreateCallInvoker().AsyncUnaryCall(descriptor, null, default, new EvaluateFunctionRequest());
    }
}
