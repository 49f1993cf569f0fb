using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Porch.Functions.Grpc.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Porch's function-runner gRPC service on an ASP.NET Core application.</summary>
public static class FunctionEvaluatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>evaluator.FunctionEvaluator/EvaluateFunction</c> (Porch's function-runner contract) and
    /// <c>grpc.health.v1.Health</c> (<c>Check</c> and <c>Watch</c>) on Grpc.AspNetCore. Functions are the configured
    /// executables, then the function runtimes registered with the engine (for example <c>WithBuiltinFunctionRuntime()</c>).
    /// The server must speak HTTP/2 (Kestrel <c>HttpProtocols.Http2</c> for h2c).
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <returns>A builder for conventions (authorization, host filters, ...) on both mapped services.</returns>
    /// <exception cref="InvalidOperationException"><c>AddPorchEngine().WithFunctionEvaluator()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapFunctionEvaluator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _ = endpoints.ServiceProvider.GetService<FunctionEvaluatorService>()
            ?? throw new InvalidOperationException("MapFunctionEvaluator() needs the evaluator service: call services.AddPorchEngine().WithFunctionEvaluator() first.");
        return new Conventions(endpoints.MapGrpcService<FunctionEvaluatorService>(), endpoints.MapGrpcHealthChecksService());
    }

    /// <summary>Applies each convention to every mapped service.</summary>
    private sealed class Conventions(params IEndpointConventionBuilder[] builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
