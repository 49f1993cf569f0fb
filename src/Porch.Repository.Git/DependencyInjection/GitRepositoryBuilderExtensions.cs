using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Engine.Repositories;
using Porch.Repository.Git;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Git repository adapter on the Porch engine builder.</summary>
public static class GitRepositoryBuilderExtensions
{
    /// <summary>
    /// Registers the adapter for repositories of type <c>git</c>, and the fetcher clone tasks use for packages given by a
    /// Git address (<c>upstream.git</c>). Safe to call more than once; options are validated
    /// when the adapter is first resolved (and at host start when the host validates options on start).
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Configures <see cref="GitRepositoryOptions"/>; <see cref="GitRepositoryOptions.CacheDirectory"/> is required.</param>
    /// <returns>The same builder.</returns>
    public static IPorchEngineBuilder WithGitRepositories(this IPorchEngineBuilder builder, Action<GitRepositoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<GitRepositoryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitRepositoryOptions>, GitRepositoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryAdapter, GitRepositoryAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUpstreamPackageFetcher, GitUpstreamPackageFetcher>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
