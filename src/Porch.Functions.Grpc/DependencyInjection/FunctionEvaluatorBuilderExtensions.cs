using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Engine;
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
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Changes the options: message size, executables, their timeout and output limit.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithFunctionEvaluator(this IPorchEngineBuilder builder, Action<FunctionEvaluatorOptions>? configure = null)
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
