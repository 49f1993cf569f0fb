using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.PackageVariants.Api;
using Porch.Tests.Shared;

namespace Porch.PackageVariants.Tests;

/// <summary>
/// The engine on local bare Git repositories with the builtin functions, watches and the package variant controllers
/// running as hosted services; waits on store changes (no sleeps).
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    public const string Ns = "default";
    public const string SetNamespaceImage = "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.1";

    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private ControllerHost(string root, ServiceProvider provider)
    {
        Root = root;
        _provider = provider;
        _hosted = [.. provider.GetServices<IHostedService>()];
    }

    public string Root { get; }

    public IPorchEngine Engine => _provider.GetRequiredService<IPorchEngine>();

    public PackageVariantStore Store => _provider.GetRequiredService<PackageVariantStore>();

    public RepositoryRegistry Repositories => _provider.GetRequiredService<RepositoryRegistry>();

    public static async Task<ControllerHost> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("porch-pv-e2e-").FullName;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPorchEngine()
            .WithBuiltinFunctionRuntime()
            .WithGitRepositories(o => o.CacheDirectory = Path.Combine(root, "cache"))
            .WithPackageVariants(o => o.MinRetryDelay = TimeSpan.FromMilliseconds(20));
        var host = new ControllerHost(root, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    /// <summary>A bare repository registered under <paramref name="name"/>, with labels.</summary>
    public void AddRepository(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var path = Path.Combine(Root, name + ".git");
        Conformance.Git(Root, "init", "-q", "--bare", "-b", "main", path);
        Repositories.AddOrUpdate(new Porch.Engine.Api.Repository
        {
            Metadata = new ObjectMeta { Namespace = Ns, Name = name, Labels = new(labels ?? new Dictionary<string, string>()) },
            Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = path, Branch = "main", CreateBranch = true } },
        });
    }

    /// <summary>Publishes revision 1 of a blueprint with a ConfigMap.</summary>
    public async Task<PackageRevision> PublishBlueprintAsync(string repo, string package, string data)
    {
        var draft = await Engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = Ns },
            Spec = new PackageRevisionSpec
            {
                Repository = repo,
                PackageName = package,
                WorkspaceName = "v1",
                Tasks = [new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = package + " blueprint" } }],
            },
        });
        await Engine.EditResourcesAsync(Ns, draft.Metadata.Name!, files => files["cm.yaml"] = ConfigMap(data));
        await Engine.ProposeAsync(Ns, draft.Metadata.Name!);
        return await Engine.ApproveAsync(Ns, draft.Metadata.Name!);
    }

    /// <summary>Publishes the next revision of a blueprint (copy, edit, approve).</summary>
    public async Task<PackageRevision> PublishNextAsync(PackageRevision previous, string workspace, string data)
    {
        var copy = await Engine.CopyAsync(Ns, previous.Metadata.Name!, workspace);
        await Engine.EditResourcesAsync(Ns, copy.Metadata.Name!, files => files["cm.yaml"] = ConfigMap(data));
        await Engine.ProposeAsync(Ns, copy.Metadata.Name!);
        return await Engine.ApproveAsync(Ns, copy.Metadata.Name!);
    }

    public static string ConfigMap(string data) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  value: {data}\n";

    public async Task<IReadOnlyList<PackageRevision>> RevisionsAsync(string repo) =>
        await Engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = Ns, Repository = repo });

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after every PackageVariant or set write and package revision change.</summary>
    public async Task WaitForAsync(string what, Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var signal = new SemaphoreSlim(0);
        void Poke(string ns, string name, StoreChangeType type) => signal.Release();
        Store.PackageVariantChanged += Poke;
        Store.PackageVariantSetChanged += Poke;
        var watch = _provider.GetRequiredService<Porch.Watch.IPackageRevisionWatchService>();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in watch.WatchAsync(PackageRevisionFilter.All, null, timeout.Token))
                {
                    signal.Release();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        try
        {
            while (!await condition())
            {
                try
                {
                    await signal.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"timed out waiting for {what}; package variants: " + string.Join("; ", Store.ListPackageVariants(null).Select(Describe)));
                }
            }
        }
        finally
        {
            Store.PackageVariantChanged -= Poke;
            Store.PackageVariantSetChanged -= Poke;
            await timeout.CancelAsync();
            await watching;
        }
    }

    public static string Describe(PackageVariant pv) =>
        $"{pv.Metadata.Name}: " + string.Join(", ", (pv.Status.Conditions ?? []).Select(c => $"{c.Type}={c.Status} {c.Reason} {c.Message}")) +
        " targets " + string.Join(",", (pv.Status.DownstreamTargets ?? []).Select(t => t.Name));

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort in a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Git writes read-only object files.
        }
    }
}
