using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

// Quickstart on embedded defaults: the Porch engine with the builtin KRM functions and a bare Git repository in a
// temporary folder (no server needed). One package revision goes through its lifecycle: init, edit (rendered
// through a set-namespace pipeline), propose, approve, copy to v2, list. Every step prints its outcome and how long
// it took; at the end `git log` and `git tag` of the repository show Porch's layout.
const string Ns = "default";
var workDir = Directory.CreateTempSubdirectory("porch-quickstart-").FullName;
var remote = Path.Combine(workDir, "blueprints.git");
Git(workDir, "init", "-q", "--bare", "-b", "main", remote);
var services = new ServiceCollection();
services.AddPorchEngine()
    .WithBuiltinFunctionRuntime()
    .WithGitRepositories(o => o.CacheDirectory = Path.Combine(workDir, "cache"));
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var engine = provider.GetRequiredService<IPorchEngine>();
var registry = provider.GetRequiredService<RepositoryRegistry>();
var total = Stopwatch.StartNew();

try
{
    await Run("register repository 'blueprints'", () =>
    {
        registry.AddOrUpdate(new Repository
        {
            Metadata = new ObjectMeta { Namespace = Ns, Name = "blueprints" },
            Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = remote, Branch = "main", CreateBranch = true } },
        });
        return Task.FromResult("ok");
    });

    var draft = await Step("init package 'hello' in workspace v1", async () =>
    {
        var pr = await engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = Ns },
            Spec = new PackageRevisionSpec
            {
                Repository = "blueprints",
                PackageName = "hello",
                WorkspaceName = "v1",
                Tasks = [new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = "hello package" } }],
            },
        });
        return (pr, $"{pr.Metadata.Name} {pr.Spec.Lifecycle}");
    });
    var name = draft.Metadata.Name!;

    await Step("edit: add a Deployment and a set-namespace pipeline; render", async () =>
    {
        var resources = await engine.EditResourcesAsync(Ns, name, files =>
        {
            files["Kptfile"] = files["Kptfile"] + """
                pipeline:
                  mutators:
                  - image: ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.1
                    configMap:
                      namespace: prod

                """;
            files["deployment.yaml"] = """
                # The web tier.
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web # keep this name
                spec:
                  replicas: 2

                """;
        });
        var deployment = resources.Spec.Resources["deployment.yaml"];
        var ns = deployment.Split('\n').First(l => l.TrimStart().StartsWith("namespace:", StringComparison.Ordinal)).Trim();
        return (resources, $"rendered, deployment.yaml now has '{ns}', {resources.Status.RenderStatus.Result.Items.Count} function result(s)");
    });

    await Run("propose", async () => Describe(await engine.ProposeAsync(Ns, name)));
    await Run("approve", async () => Describe(await engine.ApproveAsync(Ns, name)));
    var copy = await Step("copy v1 to workspace v2", async () =>
    {
        var pr = await engine.CopyAsync(Ns, name, "v2");
        return (pr, Describe(pr));
    });

    var list = await Step("list package revisions of 'hello'", async () =>
    {
        var all = await engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = Ns, PackageName = "hello" });
        return (all, $"{all.Count} revisions");
    });

    Console.WriteLine();
    Console.WriteLine($"{"NAME",-22} {"PACKAGE",-8} {"WORKSPACENAME",-14} {"REVISION",-9} {"LATEST",-7} {"LIFECYCLE",-10} REPOSITORY");
    foreach (var pr in list)
    {
        var latest = pr.Metadata.Labels.ContainsKey(PorchApi.LatestRevisionLabel);
        Console.WriteLine($"{pr.Metadata.Name,-22} {pr.Spec.PackageName,-8} {pr.Spec.WorkspaceName,-14} {pr.Spec.Revision,-9} {(latest ? "true" : "false"),-7} {pr.Spec.Lifecycle,-10} {pr.Spec.Repository}");
    }

    Console.WriteLine();
    Console.WriteLine($"done in {total.Elapsed.TotalMilliseconds:F1} ms");
    Console.WriteLine();
    Console.WriteLine("$ git log --oneline --all --graph");
    Console.Write(Git(remote, "log", "--oneline", "--all", "--graph"));
    Console.WriteLine("$ git tag");
    Console.Write(Git(remote, "tag"));
    Console.WriteLine("$ git branch");
    Console.Write(Git(remote, "branch"));
    Console.WriteLine("$ git log -1 --format=%B v1's commit (the kpt: line is how Porch recovers workspaces and tasks)");
    Console.Write(Git(remote, "log", "-1", "--format=%B", "hello/v1"));
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine("quickstart failed: " + ex.Message);
    return 1;
}
finally
{
    await provider.DisposeAsync();
    Directory.Delete(workDir, recursive: true);
}

static string Git(string dir, params string[] args)
{
    var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in args)
    {
        psi.ArgumentList.Add(arg);
    }

    using var process = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started");
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
}

static string Describe(PackageRevision pr) => $"{pr.Metadata.Name} {pr.Spec.Lifecycle}, revision {pr.Spec.Revision}";

static async Task<T> Step<T>(string title, Func<Task<(T Value, string Outcome)>> action)
{
    var watch = Stopwatch.StartNew();
    var (value, outcome) = await action();
    Console.WriteLine($"[{watch.Elapsed.TotalMilliseconds,8:F2} ms] {title}: {outcome}");
    return value;
}

static async Task Run(string title, Func<Task<string>> action)
{
    var watch = Stopwatch.StartNew();
    var outcome = await action();
    Console.WriteLine($"[{watch.Elapsed.TotalMilliseconds,8:F2} ms] {title}: {outcome}");
}
