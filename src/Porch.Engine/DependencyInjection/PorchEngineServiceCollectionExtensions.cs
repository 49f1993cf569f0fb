using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Engine.Caching;
using Porch.Engine.Diagnostics;
using Porch.Engine.Internal;
using Porch.Krm.Rendering;
using Porch.Engine.Repositories;
using Porch.Engine.Tasks;
using Porch.Engine.Watch;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Porch engine.</summary>
public static class PorchEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPorchEngine"/> with its defaults: an in-memory <see cref="RepositoryRegistry"/> as
    /// <see cref="IReferenceResolver"/>, a pass-through cache over the registered <see cref="IRepositoryAdapter"/>s, an
    /// in-memory metadata store, no watchers and the system clock. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="PorchEngineOptions"/>; validated when the host starts.</param>
    /// <returns>The builder, for the <c>With*</c> extensions.</returns>
    /// <remarks>A function runtime (<c>WithBuiltinFunctionRuntime</c>, <c>WithGrpcFunctionRuntime</c>) and a repository adapter (<c>WithGitRepositories</c>) come from their packages.</remarks>
    public static IPorchEngineBuilder AddPorchEngine(this IServiceCollection services, Action<PorchEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PorchEngineOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PorchEngineOptions>, PorchEngineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PorchEngineOptions>, PorchEngineTimeoutValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RepositoryRegistry>();
        services.TryAddSingleton<IReferenceResolver>(sp => sp.GetRequiredService<RepositoryRegistry>());
        services.TryAddSingleton<IPackageCache, PassThroughPackageCache>();
        services.TryAddSingleton<IPackageRevisionMetadataStore, InMemoryMetadataStore>();
        services.TryAddSingleton<ISecretStore, InMemorySecretStore>();
        services.TryAddSingleton<IPackageRevisionChangeNotifier, NullChangeNotifier>();
        services.TryAddSingleton<IPackageRenderer, KptPackageRenderer>();
        services.TryAddSingleton<PorchEngineMetrics>();
        services.TryAddSingleton<PackageRevisionReader>();
        services.TryAddSingleton<RevisionMetadata>();
        services.TryAddSingleton<RenderStep>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICreationTaskHandler, InitTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICreationTaskHandler, CloneTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICreationTaskHandler, CopyTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICreationTaskHandler, UpgradeTaskHandler>());
        services.TryAddSingleton<TaskHandlerRegistry>();
        services.TryAddSingleton<PorchEngine>();
        services.TryAddSingleton<IPorchEngine, InstrumentedPorchEngine>();
        return new PorchEngineBuilder(services);
    }
}
