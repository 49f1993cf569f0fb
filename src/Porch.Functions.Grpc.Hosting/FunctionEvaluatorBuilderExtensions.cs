using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Functions.Grpc.Hosting;
using Porch.Krm.Functions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the function-runner host that <c>MapFunctionEvaluator()</c> serves.</summary>
public static class FunctionEvaluatorBuilderExtensions
{
    /// <summary>
    /// Adds the evaluator service on Grpc.AspNetCore (<c>AddGrpc()</c>) and the <c>grpc.health.v1</c> health service
    /// (<c>AddGrpcHealthChecks()</c>): it runs the configured executables and the function runtimes registered with the
    /// engine (add them with their own <c>With*</c> calls, e.g. <c>WithBuiltinFunctionRuntime()</c>). Map it with
    /// <c>app.MapFunctionEvaluator()</c>. Safe to call more than once; options are validated when the host starts.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, for example the engine's <c>IPorchEngineBuilder</c>.</typeparam>
    /// <param name="builder">The engine builder, or any function runtime builder.</param>
    /// <param name="configure">Changes the options: message size, executables, their timeout and output limit.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithFunctionEvaluator<TBuilder>(this TBuilder builder, Action<FunctionEvaluatorOptions>? configure = null)
        where TBuilder : IFunctionRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FunctionEvaluatorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FunctionEvaluatorOptions>, FunctionEvaluatorOptionsValidator>());
        services.TryAddSingleton<FunctionEvaluation>();
        services.TryAddSingleton<FunctionEvaluatorService>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(FunctionEvaluatorMarker)))
        {
            services.AddSingleton<FunctionEvaluatorMarker>();
            services.AddGrpc();

            // The limits apply to this service only, so other gRPC services of the application keep their own.
            services.AddOptions<GrpcServiceOptions<FunctionEvaluatorService>>()
                .Configure<IOptions<FunctionEvaluatorOptions>>((grpc, evaluator) =>
                {
                    grpc.MaxReceiveMessageSize = evaluator.Value.MaxMessageSize;
                    grpc.MaxSendMessageSize = evaluator.Value.MaxMessageSize;
                });

            // The whole server ("", every health check of the application) and the evaluator service (its own check).
            services.AddGrpcHealthChecks(o => o.Services.Map(FunctionEvaluatorService.ServiceName, check => check.Name == FunctionEvaluatorHealthCheck.Name))
                .AddCheck<FunctionEvaluatorHealthCheck>(FunctionEvaluatorHealthCheck.Name);
        }

        return builder;
    }

    /// <summary>Marks the one-time registrations as done.</summary>
    private sealed class FunctionEvaluatorMarker;
}
