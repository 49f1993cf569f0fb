using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Krm.Merge;

// Quickstart on embedded defaults: the Porch engine with the builtin KRM functions and a bare Git repository in a
// temporary folder (no server needed). One package revision goes through its lifecycle: init, edit (rendered
// through a set-namespace pipeline), propose, approve, copy to v2, list. Every step prints its outcome and how long
// it took; at the end `git log` and `git tag` of the repository show Porch's layout. Then a blueprint is cloned into a
// deployment repository, customised, and upgraded to the blueprint's next revision with kpt's three-way merge; the
// merged change is printed as a git diff.
const string Ns = "default";
var workDir = Directory.CreateTempSubdirectory("porch-quickstart-").FullName;
var remote = Path.Combine(workDir, "blueprints.git");
var deployments = Path.Combine(workDir, "deployments.git");
Git(workDir, "init", "-q", "--bare", "-b", "main", remote);
Git(workDir, "init", "-q", "--bare", "-b", "main", deployments);
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
    await Run("register deployment repository 'deployments'", () =>
    {
        registry.AddOrUpdate(new Repository
        {
            Metadata = new ObjectMeta { Namespace = Ns, Name = "deployments" },
            Spec = new RepositorySpec
            {
                Type = RepositoryType.Git,
                Deployment = true,
                Git = new GitRepository { Repo = deployments, Branch = "main", CreateBranch = true },
            },
        });
        return Task.FromResult("ok");
    });

    var blueprintV1 = await Step("blueprint 'web' v1 in 'blueprints': nginx:1.0, 1 replica; publish", async () =>
    {
        var pr = await engine.CreatePackageRevisionAsync(NewRevision("blueprints", "web", "v1", new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = "web blueprint" } }));
        await engine.EditResourcesAsync(Ns, pr.Metadata.Name!, files => files["deployment.yaml"] = WebDeployment("nginx:1.0", sidecar: false));
        await engine.ProposeAsync(Ns, pr.Metadata.Name!);
        var published = await engine.ApproveAsync(Ns, pr.Metadata.Name!);
        return (published, Describe(published));
    });

    var local = await Step("clone it into 'deployments' as 'web-prod', scale to 5 replicas; publish", async () =>
    {
        var clone = new TaskSpec
        {
            Type = TaskType.Clone,
            Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { UpstreamRef = new PackageRevisionRef { Name = blueprintV1.Metadata.Name! } } },
        };
        var pr = await engine.CreatePackageRevisionAsync(NewRevision("deployments", "web-prod", "v1", clone));
        await engine.EditResourcesAsync(Ns, pr.Metadata.Name!, files =>
            files["deployment.yaml"] = files["deployment.yaml"].Replace("replicas: 1", "replicas: 5", StringComparison.Ordinal));
        await engine.ProposeAsync(Ns, pr.Metadata.Name!);
        var published = await engine.ApproveAsync(Ns, pr.Metadata.Name!);
        return (published, Describe(published) + $", upstream {published.Status.UpstreamLock?.Git?.Ref}");
    });

    var blueprintV2 = await Step("blueprint 'web' v2: nginx:1.1 and a sidecar; publish", async () =>
    {
        var pr = await engine.CopyAsync(Ns, blueprintV1.Metadata.Name!, "v2");
        await engine.EditResourcesAsync(Ns, pr.Metadata.Name!, files => files["deployment.yaml"] = WebDeployment("nginx:1.1", sidecar: true));
        await engine.ProposeAsync(Ns, pr.Metadata.Name!);
        var published = await engine.ApproveAsync(Ns, pr.Metadata.Name!);
        return (published, Describe(published));
    });

    var upgraded = await Step("upgrade 'web-prod' to blueprint v2 (resource-merge)", async () =>
    {
        var upgrade = new TaskSpec
        {
            Type = TaskType.Upgrade,
            Upgrade = new PackageUpgradeTaskSpec
            {
                OldUpstream = new PackageRevisionRef { Name = blueprintV1.Metadata.Name! },
                NewUpstream = new PackageRevisionRef { Name = blueprintV2.Metadata.Name! },
                LocalPackageRevisionRef = new PackageRevisionRef { Name = local.Metadata.Name! },
                Strategy = PackageMergeStrategy.ResourceMerge,
            },
        };
        var pr = await engine.CreatePackageRevisionAsync(NewRevision("deployments", "web-prod", "upgrade-v2", upgrade));
        return (pr, $"{Describe(pr)}, upstream now {pr.Status.UpstreamLock?.Git?.Ref}");
    });

    Console.WriteLine();
    Console.WriteLine("$ git diff web-prod/v1 drafts/web-prod/upgrade-v2 -- web-prod/deployment.yaml (local replicas kept, upstream image and sidecar merged in)");
    Console.Write(Git(deployments, "diff", "web-prod/v1", "drafts/web-prod/upgrade-v2", "--", "web-prod/deployment.yaml"));
    _ = upgraded;

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

static PackageRevision NewRevision(string repository, string package, string workspace, TaskSpec task) => new()
{
    Metadata = new ObjectMeta { Namespace = Ns },
    Spec = new PackageRevisionSpec { Repository = repository, PackageName = package, WorkspaceName = workspace, Tasks = [task] },
};

static string WebDeployment(string image, bool sidecar) => $"""
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 1
      template:
        spec:
          containers:
          - name: web
            image: {image}
    """ + (sidecar ? "\n      - name: sidecar\n        image: envoy:1.30\n" : "\n");

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
