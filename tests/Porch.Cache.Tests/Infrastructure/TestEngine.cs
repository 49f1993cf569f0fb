using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Porch.Cache.Hosting;
using Porch.Cache.Internal;
using Porch.Cache.Sources;
using Porch.Cache.Sync;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Krm.Functions;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Testing;

namespace Porch.Cache.Tests.Infrastructure;

/// <summary>An engine with the cache, a recording notifier and either in-memory or Git repositories.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _ownedGitCache;

    private TestEngine(ServiceProvider services, RecordingNotifier notifier, string? ownedGitCache)
    {
        _services = services;
        Notifier = notifier;
        _ownedGitCache = ownedGitCache;
    }

    public IServiceProvider Services => _services;

    public IPorchEngine Engine => _services.GetRequiredService<IPorchEngine>();

    public RepositoryRegistry Registry => _services.GetRequiredService<RepositoryRegistry>();

    public PorchPackageCache Cache => _services.GetRequiredService<PorchPackageCache>();

    public InMemoryRepositorySource Source => _services.GetRequiredService<InMemoryRepositorySource>();

    public CacheReadiness Readiness => _services.GetRequiredService<CacheReadiness>();

    public RepositorySyncService Background => _services.GetServices<IHostedService>().OfType<RepositorySyncService>().Single();

    public RecordingNotifier Notifier { get; }

    /// <summary>
    /// Builds an engine over <paramref name="adapter"/> (in memory) or, when null, Git repositories cached in
    /// <paramref name="gitCacheDirectory"/>, with the cache in memory unless <paramref name="storage"/> picks a database
    /// (<c>c =&gt; c.UseSqlite(path)</c>, <c>c =&gt; c.UsePostgreSql(connectionString)</c>).
    /// </summary>
    public static TestEngine Create(
        Action<PorchCacheOptions>? options = null,
        TimeProvider? time = null,
        InMemoryRepositoryAdapter? adapter = null,
        string? gitCacheDirectory = null,
        Action<IPorchEngineBuilder>? configure = null,
        IRepositoryAdapter? flaky = null,
        Action<IPorchCacheBuilder>? storage = null)
    {
        var services = new ServiceCollection();
        var notifier = new RecordingNotifier();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IFunctionRuntime>(new FakeFunctionRuntime());
        var builder = services.AddPorchEngine();
        string? ownedGitCache = null;
        builder.Services.Replace(ServiceDescriptor.Singleton<IPackageRevisionChangeNotifier>(notifier));
        if (flaky is not null)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(flaky));
        }
        else if (adapter is not null)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryAdapter>(adapter));
        }
        else
        {
            if (gitCacheDirectory is null)
            {
                ownedGitCache = Directory.CreateTempSubdirectory("porch-cache-git-").FullName;
            }

            var cacheDirectory = gitCacheDirectory ?? ownedGitCache!;
            builder.WithGitRepositories(o =>
            {
                o.CacheDirectory = cacheDirectory;
                o.RetryDelay = TimeSpan.FromMilliseconds(10);
            });
        }

        var cache = builder.WithCache(options);
        storage?.Invoke(cache);
        configure?.Invoke(builder);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _ = provider.GetRequiredService<IOptions<PorchCacheOptions>>().Value;
        return new TestEngine(provider, notifier, ownedGitCache);
    }

    public static Engine.Api.Repository Describe(string name, string url, string? schedule = null, DateTimeOffset? runOnceAt = null, string @namespace = "default") => new()
    {
        Metadata = new ObjectMeta { Namespace = @namespace, Name = name },
        Spec = new RepositorySpec
        {
            Type = RepositoryType.Git,
            Git = new GitRepository { Repo = url, Branch = "main" },
            Sync = schedule is null && runOnceAt is null ? null : new RepositorySync { Schedule = schedule, RunOnceAt = runOnceAt },
        },
    };

    /// <summary>Registers the repository with the engine and opens it in the cache (the initial sync).</summary>
    public async Task<Engine.Api.Repository> AddAsync(Engine.Api.Repository repository)
    {
        Registry.AddOrUpdate(repository);
        await Cache.OpenRepositoryAsync(repository);
        return repository;
    }

    public SyncManager Sync(string name, string @namespace = "default") =>
        Cache.FindSyncHandler(@namespace, name) ?? throw new InvalidOperationException($"{name} is not open");

    public async Task<string[]> NamesAsync(string repository) =>
        [.. (await Engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = "default", Repository = repository }))
            .Select(p => p.Metadata.Name!).Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownedGitCache is not null && Directory.Exists(_ownedGitCache))
        {
            try
            {
                Directory.Delete(_ownedGitCache, recursive: true); // the folder this engine made for its mirrors
            }
            catch (IOException)
            {
                // Best effort in a temporary folder.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
