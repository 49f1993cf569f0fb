using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Cache;
using Porch.Engine;
using Porch.Engine.Caching;
using Porch.Engine.Repositories;
using Porch.Watch;

// The package cache in a generic host: SQLite storage, Repository objects from a watched folder, readiness, a package
// pushed with the git CLI behind Porch's back (seen by a sync), and a restart that is warm before it reports ready.
// With --postgres "<connection string>" the cache lives in that PostgreSQL database instead, through the
// NpgsqlDataSource registered in DI (use an empty database: the sample's repository is new on every run).
var postgres = args is ["--postgres", { Length: > 0 } connectionString] ? connectionString : null;
var workDir = Directory.CreateTempSubdirectory("porch-cachehost-").FullName;
var remote = Path.Combine(workDir, "blueprints.git");
var work = Path.Combine(workDir, "work");
Git(workDir, "init", "-q", "--bare", "-b", "main", remote);
Git(workDir, "clone", "-q", remote, work);
Publish("hello");
var repositories = Path.Combine(workDir, "repositories");
Directory.CreateDirectory(repositories);
File.WriteAllText(Path.Combine(repositories, "blueprints.yaml"), $"""
    apiVersion: config.porch.kpt.dev/v1alpha1
    kind: Repository
    metadata:
      name: blueprints
      namespace: default
    spec:
      type: git
      sync:
        schedule: "*/10 * * * *"
      git:
        repo: {remote}
        branch: main
    """);

try
{
    using (var first = await StartAsync())
    {
        var engine = first.Services.GetRequiredService<IPorchEngine>();
        Console.WriteLine("first start, ready:  " + string.Join(", ", await NamesAsync(engine)));
        var watch = first.Services.GetRequiredService<IPackageRevisionWatchService>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = watch.WatchAsync(new PackageRevisionFilter { Namespace = "default" }, null, stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync();
        Publish("world");
        // The SyncManager would see it at the next cron tick; refreshing syncs now.
        var repositoryObject = await first.Services.GetRequiredService<IReferenceResolver>().GetRepositoryAsync("default", "blueprints");
        var repository = await first.Services.GetRequiredService<IPackageCache>().OpenRepositoryAsync(repositoryObject!);
        await repository.RefreshAsync();
        // Three changes: the new package's v1 and placeholder, and the moved branch under hello's placeholder.
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                next = events.MoveNextAsync();
            }

            await next;
            seen.Add($"{events.Current.Type} {events.Current.Object.Metadata.Name}");
        }

        Console.WriteLine("pushed behind our back, watch saw: " + string.Join(", ", seen.Order(StringComparer.Ordinal)));
        Console.WriteLine("condition: " + repositoryObject!.Status.Conditions[0].Message);
        await events.DisposeAsync();
        await first.StopAsync();
    }

    var clock = Stopwatch.StartNew();
    using var second = await StartAsync();
    Console.WriteLine($"restart, ready after {clock.ElapsedMilliseconds} ms: " + string.Join(", ", await NamesAsync(second.Services.GetRequiredService<IPorchEngine>())));
    await second.StopAsync();
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(workDir, recursive: true);
}

async Task<IHost> StartAsync()
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    var cache = builder.Services.AddPorchEngine()
        .WithGitRepositories(o => o.CacheDirectory = Path.Combine(workDir, "git-cache"))
        .WithWatch()
        .WithCache()
        .WithRepositoryFolder(repositories);
    if (postgres is null)
    {
        cache.UseSqlite(Path.Combine(workDir, "porch.db"));
    }
    else
    {
        builder.Services.AddNpgsqlDataSource(postgres);
        cache.UsePostgreSql();
    }

    var host = builder.Build();
    await host.StartAsync();
    await host.Services.GetRequiredService<IPorchCacheReadiness>().WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(60));
    return host;
}

static async Task<IEnumerable<string>> NamesAsync(IPorchEngine engine) =>
    (await engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = "default" })).Select(p => p.Metadata.Name!);

void Publish(string package)
{
    Directory.CreateDirectory(Path.Combine(work, package));
    File.WriteAllText(Path.Combine(work, package, "Kptfile"), $"apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {package}\n");
    Git(work, "add", "-A");
    Git(work, "-c", "user.name=someone", "-c", "user.email=someone@example.com", "commit", "-q", "-m", "publish " + package);
    Git(work, "tag", package + "/v1");
    Git(work, "push", "-q", "origin", "HEAD:refs/heads/main", $"refs/tags/{package}/v1");
}

static void Git(string dir, params string[] args)
{
    var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var arg in args)
    {
        psi.ArgumentList.Add(arg);
    }

    using var process = Process.Start(psi)!;
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"git {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }
}
