using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Functions.Builtin;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the builtin (in-process) kpt function runtime with the Porch engine.</summary>
public static class BuiltinFunctionRuntimeBuilderExtensions
{
    /// <summary>
    /// Adds the builtin function runtime: set-namespace, apply-replacements, set-labels, set-annotations, apply-setters,
    /// search-replace and ensure-name-substring, served under the configured image prefixes. Safe to call more than once.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, for example the engine's <c>IPorchEngineBuilder</c>.</typeparam>
    /// <param name="builder">The engine builder, or any function runtime builder.</param>
    /// <param name="configure">Changes the options, for example the image prefixes.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithBuiltinFunctionRuntime<TBuilder>(this TBuilder builder, Action<BuiltinFunctionOptions>? configure = null)
        where TBuilder : IFunctionRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BuiltinFunctionOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BuiltinFunctionOptions>, BuiltinFunctionOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionRuntime, BuiltinFunctionRuntime>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
