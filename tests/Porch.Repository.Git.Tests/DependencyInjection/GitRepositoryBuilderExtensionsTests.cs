using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git.Tests.DependencyInjection;

public sealed class GitRepositoryBuilderExtensionsTests
{
    [Fact]
    public void WithGitRepositories_CalledTwice_RegistersOneGitAdapter()
    {
        var services = new ServiceCollection().AddLogging();
        var builder = new Builder(services);
        builder.WithGitRepositories(o => o.CacheDirectory = "/tmp/porch-di").WithGitRepositories();
        using var provider = services.BuildServiceProvider(validateScopes: true);
        var adapter = Assert.Single(provider.GetServices<IRepositoryAdapter>());
        Assert.Equal(RepositoryType.Git, adapter.Type);
        Assert.Equal("/tmp/porch-di", provider.GetRequiredService<IOptions<GitRepositoryOptions>>().Value.CacheDirectory);
    }

    [Fact]
    public void WithGitRepositories_MissingCacheDirectory_FailsFast()
    {
        var services = new ServiceCollection().AddLogging();
        new Builder(services).WithGitRepositories(o => o.OperationRetryAttempts = 101);
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetServices<IRepositoryAdapter>().ToList());
        Assert.Contains(nameof(GitRepositoryOptions.CacheDirectory), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GitRepositoryOptions.OperationRetryAttempts), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithGitRepositories_NullBuilder_Throws() =>
        Assert.Throws<ArgumentNullException>(() => GitRepositoryBuilderExtensions.WithGitRepositories(null!));

    private sealed class Builder(IServiceCollection services) : IPorchEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
