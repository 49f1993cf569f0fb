using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.PackageVariants;
using Porch.PackageVariants.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Porch's package variant controllers to an engine: <c>services.AddPorchEngine().WithPackageVariants()</c>.</summary>
public static class PackageVariantsBuilderExtensions
{
    /// <summary>
    /// Registers the <see cref="PackageVariantStore"/>, a <see cref="ClusterObjectRegistry"/> as the
    /// <see cref="IClusterObjectSource"/> (unless one is registered), package revision watches (<c>WithWatch()</c>) and
    /// the hosted PackageVariant and PackageVariantSet controllers (an <see cref="IHostedService"/>). Safe to call more than once.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the controller options; validated at start.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithPackageVariants(this IPorchEngineBuilder builder, Action<PackageVariantControllerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.WithWatch();
        services.AddOptions<PackageVariantControllerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PackageVariantControllerOptions>, PackageVariantControllerOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PackageVariantStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ClusterObjectRegistry>();
        services.TryAddSingleton<IClusterObjectSource>(sp => sp.GetRequiredService<ClusterObjectRegistry>());
        services.TryAddSingleton<PackageVariantReconciler>();
        services.TryAddSingleton<PackageVariantSetReconciler>();
        services.TryAddSingleton<PackageVariantController>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PackageVariantController>(sp => sp.GetRequiredService<PackageVariantController>()));
        return builder;
    }
}
