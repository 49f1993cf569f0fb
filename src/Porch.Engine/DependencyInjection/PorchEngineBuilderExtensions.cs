using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Porch.Engine;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The engine's own <c>With*</c> configuration methods.</summary>
public static class PorchEngineBuilderExtensions
{
    /// <summary>
    /// Replaces the engine's <see cref="IPackageCache"/> (default: a pass-through that opens each repository once) with
    /// <typeparamref name="TCache"/>. For Porch.Cache's cache, SyncManagers and background process use <c>WithCache()</c>.
    /// </summary>
    /// <typeparam name="TCache">The cache type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithPackageCache<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCache>(this IPorchEngineBuilder builder)
        where TCache : class, IPackageCache
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPackageCache, TCache>());
        return builder;
    }

    /// <summary>Replaces the change notifier (Porch.Watch registers its watcher manager this way).</summary>
    /// <typeparam name="TNotifier">The notifier type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithChangeNotifier<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier>(this IPorchEngineBuilder builder)
        where TNotifier : class, IPackageRevisionChangeNotifier
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPackageRevisionChangeNotifier, TNotifier>());
        return builder;
    }

    /// <summary>Registers the credential resolver repository adapters use for <c>spec.git.secretRef</c>.</summary>
    /// <typeparam name="TResolver">The resolver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithCredentialResolver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TResolver>(this IPorchEngineBuilder builder)
        where TResolver : class, ICredentialResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialResolver, TResolver>());
        return builder;
    }

    /// <summary>
    /// Resolves <c>spec.git.secretRef</c> from the registered <see cref="ISecretStore"/> (default: process memory) as
    /// Porch does: <c>kubernetes.io/basic-auth</c> secrets give their <c>username</c> and <c>password</c>, <c>Opaque</c>
    /// secrets with a <c>bearerToken</c> key a bearer token, with Porch's texts for a missing secret or another type.
    /// Replaces any credential resolver set before.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithSecretCredentials(this IPorchEngineBuilder builder) => builder.WithCredentialResolver<SecretStoreCredentialResolver>();

    /// <summary>Replaces where Secrets are kept (default: process memory).</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithSecretStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IPorchEngineBuilder builder)
        where TStore : class, ISecretStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISecretStore, TStore>());
        return builder;
    }

    /// <summary>Replaces where the engine finds Repository objects (default: the in-memory <see cref="RepositoryRegistry"/>).</summary>
    /// <typeparam name="TResolver">The resolver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithReferenceResolver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TResolver>(this IPorchEngineBuilder builder)
        where TResolver : class, IReferenceResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IReferenceResolver, TResolver>());
        return builder;
    }

    /// <summary>Registers who the caller is, for commit authors and <c>publishedBy</c>.</summary>
    /// <typeparam name="TProvider">The provider type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithUserInfoProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IPorchEngineBuilder builder)
        where TProvider : class, IUserInfoProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IUserInfoProvider, TProvider>());
        return builder;
    }

    /// <summary>Replaces the store of Kubernetes metadata (default: process memory).</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithMetadataStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IPorchEngineBuilder builder)
        where TStore : class, IPackageRevisionMetadataStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPackageRevisionMetadataStore, TStore>());
        return builder;
    }

    /// <summary>Adds a repository adapter (one per repository type; the first registered for a type wins).</summary>
    /// <typeparam name="TAdapter">The adapter type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithRepositoryAdapter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAdapter>(this IPorchEngineBuilder builder)
        where TAdapter : class, IRepositoryAdapter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryAdapter, TAdapter>());
        return builder;
    }
}
