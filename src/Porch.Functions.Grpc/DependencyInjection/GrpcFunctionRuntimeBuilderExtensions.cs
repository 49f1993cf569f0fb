using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Functions.Grpc;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gRPC function runtime (a Porch function runner reached over its gRPC contract) with the Porch engine.</summary>
public static class GrpcFunctionRuntimeBuilderExtensions
{
    /// <summary>
    /// Adds the gRPC function runtime. It serves every image, so register the runtimes that serve some images themselves
    /// first (e.g. <c>WithBuiltinFunctionRuntime()</c>, then this): the renderer asks runtimes in registration order.
    /// Safe to call more than once; options are validated when the host starts.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, for example the engine's <c>IPorchEngineBuilder</c>.</typeparam>
    /// <param name="builder">The engine builder, or any function runtime builder.</param>
    /// <param name="configure">Sets the options; <see cref="GrpcFunctionRuntimeOptions.FunctionRunnerAddress"/> is required.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithGrpcFunctionRuntime<TBuilder>(this TBuilder builder, Action<GrpcFunctionRuntimeOptions> configure)
        where TBuilder : IFunctionRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<GrpcFunctionRuntimeOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrpcFunctionRuntimeOptions>, GrpcFunctionRuntimeOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionRuntime, GrpcFunctionRuntime>());
        builder.Services.Configure(configure);
        return builder;
    }
}
