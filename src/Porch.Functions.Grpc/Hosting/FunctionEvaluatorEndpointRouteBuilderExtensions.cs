using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Functions.Grpc.Hosting;
using Porch.Functions.Grpc.Protos;
using Porch.Functions.Grpc.Protos.Health;
using Porch.Functions.Grpc.Wire;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Porch's function-runner gRPC service on an ASP.NET Core application.</summary>
public static class FunctionEvaluatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>evaluator.FunctionEvaluator/EvaluateFunction</c> (Porch's function-runner contract) and
    /// <c>grpc.health.v1.Health/Check</c>. Functions are the configured executables, then the function runtimes
    /// registered with the engine (for example <c>WithBuiltinFunctionRuntime()</c>). The server must speak HTTP/2
    /// (Kestrel <c>HttpProtocols.Http2</c> for h2c).
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <returns>A builder for conventions (authorization, host filters, ...) on the mapped endpoints.</returns>
    /// <exception cref="InvalidOperationException"><c>AddPorchEngine().WithFunctionEvaluator()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapFunctionEvaluator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var evaluator = endpoints.ServiceProvider.GetService<FunctionEvaluator>()
            ?? throw new InvalidOperationException("MapFunctionEvaluator() needs the evaluator service: call services.AddPorchEngine().WithFunctionEvaluator() first.");
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("Porch.Functions.Grpc.FunctionEvaluator") ?? NullLogger.Instance;
        var maxSize = evaluator.Options.MaxMessageSize;

        var group = endpoints.MapGroup("");
        group.MapPost("/evaluator.FunctionEvaluator/EvaluateFunction", context =>
            GrpcServerCall.HandleAsync(context, EvaluateFunctionRequest.Parser, evaluator.EvaluateAsync, maxSize, logger));
        group.MapPost("/grpc.health.v1.Health/Check", context =>
            GrpcServerCall.HandleAsync(context, HealthCheckRequest.Parser, HealthService.CheckAsync, maxSize, logger));
        foreach (var service in new[] { HealthService.EvaluatorService, "grpc.health.v1.Health" })
        {
            group.MapPost("/" + service + "/{method}", context =>
                GrpcServerCall.HandleAsync<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>(context, Google.Protobuf.WellKnownTypes.Empty.Parser, (_, _) =>
                    throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"unknown method {context.GetRouteValue("method")} for service {service}"),
                    maxSize, logger)).Add(b => ((RouteEndpointBuilder)b).Order = 1);
        }

        return group;
    }
}
