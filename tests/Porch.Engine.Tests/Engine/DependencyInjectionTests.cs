using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;
using Porch.Krm.Rendering;
using Porch.Engine.Watch;
using Porch.Testing;

namespace Porch.Engine.Tests.Engine;

public sealed class DependencyInjectionTests
{
    private static ServiceProvider Build(Action<IPorchEngineBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPackageRenderer>(new TestRenderer());
        var builder = services.AddPorchEngine();
        configure?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task AddPorchEngine_ResolvesEngineWithDefaults()
    {
        await using var sp = Build();
        Assert.NotNull(sp.GetRequiredService<IPorchEngine>());
        Assert.Same(sp.GetRequiredService<RepositoryRegistry>(), sp.GetRequiredService<IReferenceResolver>());
        Assert.IsType<PassThroughPackageCache>(sp.GetRequiredService<IPackageCache>());
        Assert.IsType<NullChangeNotifier>(sp.GetRequiredService<IPackageRevisionChangeNotifier>());
        Assert.Equal(10, sp.GetRequiredService<IOptions<PorchEngineOptions>>().Value.MaxConcurrentRepositoryLists);
    }

    [Fact]
    public async Task AddPorchEngine_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine();
        services.AddPorchEngine();
        Assert.Single(services, d => d.ServiceType == typeof(IPorchEngine));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IValidateOptions<PorchEngineOptions>)));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task WithMethods_ReplaceDefaults()
    {
        await using var sp = Build(b => b
            .WithChangeNotifier<RecordingNotifier>()
            .WithUserInfoProvider<TestUserInfoProvider>()
            .WithRepositoryAdapter<InMemoryRepositoryAdapter>()
            .WithRepositoryAdapter<InMemoryRepositoryAdapter>());
        Assert.IsType<RecordingNotifier>(sp.GetRequiredService<IPackageRevisionChangeNotifier>());
        Assert.IsType<TestUserInfoProvider>(sp.GetRequiredService<IUserInfoProvider>());
        Assert.Single(sp.GetServices<IRepositoryAdapter>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task InvalidConcurrentLists_FailsValidation(int lists)
    {
        await using var sp = Build(b => b.Services.Configure<PorchEngineOptions>(o => o.MaxConcurrentRepositoryLists = lists));
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PorchEngineOptions>>().Value);
        Assert.Contains("MaxConcurrentRepositoryLists", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonPositiveListTimeout_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPackageRenderer>(new TestRenderer());
        services.AddPorchEngine(o => o.RepositoryListTimeout = TimeSpan.Zero);
        await using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PorchEngineOptions>>().Value);
        Assert.Contains("RepositoryListTimeout must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Harness_InvalidOptions_FailsAtCreate() =>
        Assert.Throws<OptionsValidationException>(() => PorchTestHarness.Create(b =>
        {
            b.Services.AddSingleton<IPackageRenderer>(new TestRenderer());
            b.Services.Configure<PorchEngineOptions>(o => o.MaxConcurrentRepositoryLists = 0);
        }));

    [Fact]
    public async Task UnknownRepositoryType_ClearError()
    {
        await using var ctx = EngineContext.Create();
        ctx.Harness.Repositories.Accepts = r => r.Spec.Type == Porch.Engine.Api.RepositoryType.Oci;
        var ex = await Assert.ThrowsAsync<Porch.Engine.Errors.RepositoryUnavailableException>(() => ctx.InitAsync("pkg"));
        Assert.Equal("no repository adapter is registered for repository type git (repository default/blueprints)", ex.Message);
    }

    [Fact]
    public async Task AdapterSelection_ByCanOpen_NotByTheReportedType()
    {
        // Issue 17 item 5: the in-memory adapter serves every Repository object without claiming to be a Git adapter.
        await using var ctx = EngineContext.Create();
        ctx.Harness.Repositories.Type = Porch.Engine.Api.RepositoryType.Oci;
        var created = await ctx.InitAsync("pkg");
        Assert.Equal("blueprints.pkg.v1", created.Metadata.Name);
    }

    [Fact]
    public void DefaultCanOpen_ComparesSpecTypeWithGitAsTheDefault()
    {
        IRepositoryAdapter oci = new OciOnlyAdapter();
        var git = new Porch.Engine.Api.Repository { Spec = new Porch.Engine.Api.RepositorySpec { Type = Porch.Engine.Api.RepositoryType.Git } };
        var untyped = new Porch.Engine.Api.Repository();
        var ociRepository = new Porch.Engine.Api.Repository { Spec = new Porch.Engine.Api.RepositorySpec { Type = Porch.Engine.Api.RepositoryType.Oci } };
        Assert.False(oci.CanOpen(git));
        Assert.False(oci.CanOpen(untyped));
        Assert.True(oci.CanOpen(ociRepository));
    }

    private sealed class OciOnlyAdapter : IRepositoryAdapter
    {
        public Porch.Engine.Api.RepositoryType Type => Porch.Engine.Api.RepositoryType.Oci;

        public Task<IRepository> OpenRepositoryAsync(Porch.Engine.Api.Repository repository, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("selection only");
    }
}
