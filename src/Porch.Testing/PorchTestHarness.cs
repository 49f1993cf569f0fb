using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Krm.Functions;
using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>
/// A working engine for tests in two lines: <c>await using var porch = PorchTestHarness.Create();</c> and
/// <c>porch.AddRepository("blueprints");</c>. Repositories live in memory, time is a <see cref="FakeTimeProvider"/>,
/// functions come from a <see cref="FakeFunctionRuntime"/> (plus any runtime the configure callback adds).
/// </summary>
public sealed class PorchTestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PorchTestHarness(ServiceProvider services, FakeTimeProvider time, FakeFunctionRuntime functions, InMemoryRepositoryAdapter repositories, TestUserInfoProvider users)
    {
        _services = services;
        Time = time;
        Functions = functions;
        Repositories = repositories;
        Users = users;
        Engine = services.GetRequiredService<IPorchEngine>();
        Registry = services.GetRequiredService<RepositoryRegistry>();
    }

    /// <summary>Gets the engine.</summary>
    public IPorchEngine Engine { get; }

    /// <summary>Gets the service provider the engine was built from.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Gets the clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Gets the scriptable function runtime (registered first, so it wins over others for its images).</summary>
    public FakeFunctionRuntime Functions { get; }

    /// <summary>Gets the in-memory repository adapter (set <see cref="InMemoryRepositoryAdapter.Faults"/> to inject faults).</summary>
    public InMemoryRepositoryAdapter Repositories { get; }

    /// <summary>Gets the user the repositories record as publisher.</summary>
    public TestUserInfoProvider Users { get; }

    /// <summary>Gets the registry of Repository objects.</summary>
    public RepositoryRegistry Registry { get; }

    /// <summary>Creates a harness.</summary>
    /// <param name="configure">Adds to the engine (e.g. <c>b => b.WithBuiltinFunctionRuntime()</c>).</param>
    /// <returns>The harness; dispose it.</returns>
    public static PorchTestHarness Create(Action<IPorchEngineBuilder>? configure = null)
    {
        var time = new FakeTimeProvider();
        var functions = new FakeFunctionRuntime();
        var users = new TestUserInfoProvider();
        var repositories = new InMemoryRepositoryAdapter(time, users);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IUserInfoProvider>(users);
        services.AddSingleton<IFunctionRuntime>(functions);
        var builder = services.AddPorchEngine();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryAdapter>(repositories));
        configure?.Invoke(builder);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Without a host nothing validates options at start; read them now so invalid ones fail here.
        _ = provider.GetRequiredService<IOptions<PorchEngineOptions>>().Value;
        return new PorchTestHarness(provider, time, functions, repositories, users);
    }

    /// <summary>Registers a repository (in memory) and returns its Repository object.</summary>
    /// <param name="name">The repository name.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="deployment">Whether it is a deployment repository.</param>
    /// <param name="directory">The directory inside the repository, or null for the root.</param>
    /// <param name="branch">The registered branch (the placeholder workspace).</param>
    /// <returns>The Repository object.</returns>
    public Repository AddRepository(string name, string @namespace = "default", bool deployment = false, string? directory = null, string branch = "main")
    {
        var repository = new Repository
        {
            Metadata = new ObjectMeta { Name = name, Namespace = @namespace },
            Spec = new RepositorySpec
            {
                Type = RepositoryType.Git,
                Deployment = deployment,
                Git = new GitRepository { Repo = $"memory://{@namespace}/{name}", Branch = branch, Directory = directory },
            },
        };
        Registry.AddOrUpdate(repository);
        return repository;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
