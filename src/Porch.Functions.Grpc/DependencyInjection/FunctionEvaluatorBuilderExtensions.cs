using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Functions.Grpc.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the function-runner host that <c>MapFunctionEvaluator()</c> serves.</summary>
public static class FunctionEvaluatorBuilderExtensions
{
    /// <summary>
    /// Adds the evaluator service: it runs the configured executables and the function runtimes registered with the engine
    /// (add them with their own <c>With*</c> calls, e.g. <c>WithBuiltinFunctionRuntime()</c>). Map it with
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
        builder.Services.AddOptions<FunctionEvaluatorOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FunctionEvaluatorOptions>, FunctionEvaluatorOptionsValidator>());
        builder.Services.TryAddSingleton<FunctionEvaluator>();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
