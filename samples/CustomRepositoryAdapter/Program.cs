using System.Diagnostics;
using CustomRepositoryAdapter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Testing.Contracts;

// A repository adapter of your own, in two steps. First prove it keeps the contract the engine relies on: every check
// of Porch.Testing's RepositoryAdapterContract runs against a fresh folder and prints its outcome. Then hand it to the
// engine like any other adapter and take a package through init, edit, propose and approve; the files on disk are
// listed at the end. Exit code 1 when a check fails.
const string Ns = "default";
var workDir = Directory.CreateTempSubdirectory("porch-folder-adapter-").FullName;
try
{
    Console.WriteLine("Repository-adapter contract, against FolderRepositoryAdapter:");
    var failed = 0;
    foreach (var check in RepositoryAdapterContract.Checks)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await check.RunAsync(_ =>
            {
                var folder = Directory.CreateTempSubdirectory("contract-").FullName;
                return Task.FromResult(new RepositoryContractSubject(
                    new FolderRepositoryAdapter(folder),
                    FolderRepositoryAdapter.Describe("contract"),
                    () =>
                    {
                        Directory.Delete(folder, recursive: true);
                        return ValueTask.CompletedTask;
                    }));
            });
            Console.WriteLine($"  pass  {check.Name,-42} {clock.Elapsed.TotalMilliseconds,7:F1} ms");
        }
        catch (RepositoryContractViolationException ex)
        {
            failed++;
            Console.WriteLine($"  FAIL  {check.Name,-42} {ex.Message}");
        }
    }

    if (failed > 0)
    {
        Console.Error.WriteLine($"{failed} contract check(s) failed");
        return 1;
    }

    Console.WriteLine();
    Console.WriteLine("The engine on top of it:");
    var services = new ServiceCollection();
    var builder = services.AddPorchEngine().WithBuiltinFunctionRuntime();
    builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRepositoryAdapter>(new FolderRepositoryAdapter(Path.Combine(workDir, "repositories"))));
    await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    var engine = provider.GetRequiredService<IPorchEngine>();
    provider.GetRequiredService<RepositoryRegistry>().AddOrUpdate(FolderRepositoryAdapter.Describe("catalog"));

    var created = await engine.CreatePackageRevisionAsync(new PackageRevision
    {
        Metadata = new ObjectMeta { Namespace = Ns },
        Spec = new PackageRevisionSpec
        {
            Repository = "catalog",
            PackageName = "web/frontend",
            WorkspaceName = "v1",
            Tasks = [new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = "the web frontend" } }],
        },
    });
    var name = created.Metadata.Name!;
    Console.WriteLine($"  init     {name} {created.Spec.Lifecycle}");
    await engine.EditResourcesAsync(Ns, name, files =>
    {
        files["Kptfile"] += """
            pipeline:
              mutators:
              - image: ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.1
                configMap:
                  namespace: web

            """;
        files["service.yaml"] = """
            apiVersion: v1
            kind: Service
            metadata:
              name: frontend
            spec:
              ports:
              - port: 80

            """;
    });
    Console.WriteLine($"  edit     rendered: {(await engine.GetPackageRevisionResourcesAsync(Ns, name)).Spec.Resources["service.yaml"].Split('\n')[4].Trim()}");
    Console.WriteLine($"  propose  {(await engine.ProposeAsync(Ns, name)).Spec.Lifecycle}");
    var published = await engine.ApproveAsync(Ns, name);
    Console.WriteLine($"  approve  {published.Spec.Lifecycle}, revision {published.Spec.Revision}");
    foreach (var revision in await engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = Ns }))
    {
        Console.WriteLine($"  listed   {revision.Metadata.Name} {revision.Spec.Lifecycle} revision {revision.Spec.Revision}");
    }

    Console.WriteLine();
    Console.WriteLine("On disk:");
    var root = Path.Combine(workDir, "repositories");
    foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
    {
        Console.WriteLine("  " + Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'));
    }

    return 0;
}
finally
{
    Directory.Delete(workDir, recursive: true);
}
