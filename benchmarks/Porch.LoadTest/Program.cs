using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.LoadTest;

// Bounded load test: N clients (default 100) each create, edit, propose and approve their own package at the same
// time, in process and against samples/Server over HTTP, each on its own local bare Git repository; afterwards Git is
// checked: every package reported published has exactly one tag with the edited content, nothing else was written.
// Usage: Porch.LoadTest [--clients N] [--mode both|inprocess|http] [--timeout-seconds S]
//        Porch.LoadTest --replicas N [--postgres CONNSTR] [--kill-one-after SECONDS] [--repositories K] [--clients N]
//                       [--warmup W] [--pool-size P] [--tiered-compilation]
// With --replicas, N samples/Server processes on 127.0.0.1 share one PostgreSQL database (--postgres, else
// PORCH_TEST_POSTGRES, else one started here as the tests start theirs) and the clients are spread over them and over
// K repositories (default 1); --kill-one-after kills the first replica after that many seconds, and its clients go on
// on the next live replica. --warmup W first runs W clients (spread over the replicas) through the same four steps on
// a repository of their own and leaves them out of every figure and check, so the timed run meets servers whose hot
// code is already compiled (a long-running server's state) rather than three processes' just-in-time compilers.
// Deployment settings (printed with the figures): the servers run with DOTNET_TieredCompilation=0 unless
// --tiered-compilation is given, each replica's connection pool holds at most --pool-size connections (default 6;
// a pool size given in --postgres wins), and the test's Git server runs no gc after each push (receive.autogc=false).
var clients = IntArg("--clients", 100);
var warmup = Math.Max(0, IntArg("--warmup", 0));
var replicas = IntArg("--replicas", 0);
var repositories = Math.Max(1, IntArg("--repositories", 1));
var killAfter = IntArg("--kill-one-after", 0);
var poolSize = IntArg("--pool-size", 6);
var tiered = args.Contains("--tiered-compilation");
var mode = replicas > 0 ? "replicas" : StringArg("--mode", "both");
var timeout = TimeSpan.FromSeconds(IntArg("--timeout-seconds", 600));
var workDir = Directory.CreateTempSubdirectory("porch-load-").FullName;
var failed = false;
try
{
    using var cts = new CancellationTokenSource(timeout);
    if (mode is "both" or "inprocess")
    {
        failed |= !await RunInProcessAsync(cts.Token);
    }

    if (mode is "both" or "http")
    {
        failed |= !await RunHttpAsync(cts.Token);
    }

    if (mode is "replicas")
    {
        failed |= !await RunReplicasAsync(cts.Token);
    }
}
finally
{
    try
    {
        Directory.Delete(workDir, recursive: true);
    }
    catch (IOException)
    {
        // A git process may still be closing a file; the temp folder is left to the OS.
    }
}

return failed ? 1 : 0;

async Task<bool> RunInProcessAsync(CancellationToken cancellationToken)
{
    var remote = NewRemote("inprocess");
    var services = new ServiceCollection();
    services.AddPorchEngine().WithBuiltinFunctionRuntime().WithGitRepositories(o => o.CacheDirectory = Path.Combine(workDir, "cache-inprocess"));
    await using var provider = services.BuildServiceProvider();
    provider.GetRequiredService<RepositoryRegistry>().AddOrUpdate(new Repository
    {
        Metadata = new ObjectMeta { Namespace = "default", Name = "load" },
        Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = remote, Branch = "main", CreateBranch = true } },
    });
    var client = new InProcessClient(provider.GetRequiredService<IPorchEngine>(), "load");
    return await DriveAsync("in process", client, remote, cancellationToken);
}

async Task<bool> RunHttpAsync(CancellationToken cancellationToken)
{
    var remote = NewRemote("http");
    using var server = SampleServer.Start(Path.Combine(workDir, "cache-http"), tieredCompilation: tiered);
    var address = await server.AddressAsync(cancellationToken);
    using var client = new HttpClientAdapter(address, SampleServer.Token, "load");
    await RegisterAsync(address, "load", remote, cancellationToken);

    return await DriveManyAsync("HTTP (samples/Server)", _ => client, _ => 0, [remote], cancellationToken, servers: [server.ProcessId]);
}

async Task<bool> RunReplicasAsync(CancellationToken cancellationToken)
{
    using var postgres = LocalPostgres.Find(StringArg("--postgres", ""));
    var database = await postgres.CreateDatabaseAsync(cancellationToken);
    var pool = new Npgsql.NpgsqlConnectionStringBuilder(database);
    if (!database.Contains("pool size", StringComparison.OrdinalIgnoreCase))
    {
        pool.MaxPoolSize = poolSize;
        database = pool.ToString();
    }

    Console.WriteLine($"replicas: {replicas} servers{(tiered ? "" : " with DOTNET_TieredCompilation=0")}, each with at most {pool.MaxPoolSize} PostgreSQL connections; the Git server runs no gc after pushes");
    var remotes = Enumerable.Range(0, repositories).Select(k => NewRemote("load-" + k.ToString(CultureInfo.InvariantCulture))).ToArray();
    var servers = new List<SampleServer>();
    var adapters = new List<HttpClientAdapter>();
    var watchers = new List<WatchRecorder>();
    try
    {
        for (var r = 0; r < replicas; r++)
        {
            servers.Add(SampleServer.Start(Path.Combine(workDir, "cache-replica-" + r.ToString(CultureInfo.InvariantCulture)), database, tiered));
        }

        var addresses = new List<string>();
        foreach (var server in servers)
        {
            var address = await server.AddressAsync(cancellationToken);
            addresses.Add(address);
            for (var k = 0; k < repositories; k++)
            {
                await RegisterAsync(address, "load-" + k.ToString(CultureInfo.InvariantCulture), remotes[k], cancellationToken);
            }
        }

        if (warmup > 0)
        {
            var warmRemote = NewRemote("warm-0");
            var warmClients = new List<HttpClientAdapter>();
            foreach (var address in addresses)
            {
                await RegisterAsync(address, "warm-0", warmRemote, cancellationToken);
                warmClients.Add(new HttpClientAdapter(address, SampleServer.Token, "warm-0"));
            }

            adapters.AddRange(warmClients);
            await WarmUpAsync(i => warmClients[i % warmClients.Count], cancellationToken);
        }

        // One adapter per replica and repository; client i uses repository i % K and starts on replica i % N.
        var byRepository = Enumerable.Range(0, repositories).Select(k =>
            addresses.Select(a => new HttpClientAdapter(a, SampleServer.Token, "load-" + k.ToString(CultureInfo.InvariantCulture))).ToList()).ToList();
        adapters.AddRange(byRepository.SelectMany(a => a));

        // One watcher per replica, on an HTTP client of its own, from before the first client starts.
        var watchClients = addresses.Select(a => new HttpClientAdapter(a, SampleServer.Token, "load-0")).ToList();
        adapters.AddRange(watchClients);
        foreach (var (client, r) in watchClients.Select((c, r) => (c, r)))
        {
            watchers.Add(WatchRecorder.Start(client, r));
        }

        await Task.WhenAll(watchers.Select(w => w.Connected)).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        using var kill = killAfter > 0 && replicas > 1
            ? new Timer(_ => servers[0].Kill(), null, TimeSpan.FromSeconds(killAfter), Timeout.InfiniteTimeSpan)
            : null;
        return await DriveManyAsync(
            $"HTTP, {replicas} replicas on one PostgreSQL, {repositories} repositories{(kill is null ? "" : $", replica 0 killed after {killAfter} s")}",
            i => new FailoverClient(byRepository[i % repositories], servers, i % replicas, "load-" + (i % repositories).ToString(CultureInfo.InvariantCulture)),
            i => i % repositories,
            remotes,
            cancellationToken,
            watchers,
            k => "load-" + k.ToString(CultureInfo.InvariantCulture),
            servers.Select(s => s.ProcessId).ToList());
    }
    finally
    {
        foreach (var watcher in watchers)
        {
            await watcher.DisposeAsync();
        }

        foreach (var adapter in adapters)
        {
            adapter.Dispose();
        }

        foreach (var server in servers)
        {
            server.Dispose();
        }
    }
}

async Task RegisterAsync(string address, string name, string remote, CancellationToken cancellationToken)
{
    using var register = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = new Uri(address) };
    register.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SampleServer.Token);
    var body = $$$$"""{"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"Repository","metadata":{"name":"{{{{name}}}}","namespace":"default"},"spec":{"type":"git","git":{"repo":"{{{{remote}}}}","branch":"main","createBranch":true}}}""";
    using var response = await register.PostAsync(new Uri("/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories", UriKind.Relative),
        new StringContent(body, System.Text.Encoding.UTF8, "application/json"), cancellationToken);
    response.EnsureSuccessStatusCode();
}

Task<bool> DriveAsync(string title, IPorchClient client, string remote, CancellationToken cancellationToken) =>
    DriveManyAsync(title, _ => client, _ => 0, [remote], cancellationToken);

// The warm-up round: --warmup clients through the four steps at once; failures are only counted.
async Task WarmUpAsync(Func<int, IPorchClient> clientOf, CancellationToken cancellationToken)
{
    var watch = Stopwatch.StartNew();
    var failures = 0;
    await Task.WhenAll(Enumerable.Range(0, warmup).Select(i => Task.Run(async () =>
    {
        var client = clientOf(i);
        try
        {
            var name = await client.CreateAsync("warm-" + i.ToString("D3", CultureInfo.InvariantCulture), cancellationToken);
            await client.EditAsync(name, "value.yaml", Content("warm"), cancellationToken);
            await client.ProposeAsync(name, cancellationToken);
            await client.ApproveAsync(name, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref failures);
        }
    }, cancellationToken)));
    Console.WriteLine($"warm-up: {warmup} clients, {warmup * 4} operations on repository warm-0 in {watch.Elapsed.TotalSeconds:F1} s, {failures} failed (not in the figures below)");
}

async Task<bool> DriveManyAsync(
    string title,
    Func<int, IPorchClient> clientOf,
    Func<int, int> remoteOf,
    string[] remotes,
    CancellationToken cancellationToken,
    IReadOnlyList<WatchRecorder>? watchers = null,
    Func<int, string>? repositoryName = null,
    IReadOnlyList<int>? servers = null)
{
    var recorder = new Recorder();
    var published = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    using var start = new SemaphoreSlim(0);
    var cpu = CpuMeter.Start(servers ?? []);
    var watch = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
    {
        await start.WaitAsync(cancellationToken);
        var package = "pkg-" + i.ToString("D3", CultureInfo.InvariantCulture);
        var client = clientOf(i);
        try
        {
            var name = await recorder.TimeAsync("create", () => client.CreateAsync(package, cancellationToken));
            await recorder.TimeAsync("edit", async () =>
            {
                await client.EditAsync(name, "value.yaml", Content(package), cancellationToken);
                return true;
            });
            await recorder.TimeAsync("propose", async () =>
            {
                await client.ProposeAsync(name, cancellationToken);
                return true;
            });
            published[package] = await recorder.TimeAsync("approve", () => client.ApproveAsync(name, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Counted by the recorder; the package is simply not reported as published.
        }
    }, cancellationToken)).ToArray();
    start.Release(clients);
    await Task.WhenAll(tasks);
    watch.Stop();
    recorder.Print(title, watch.Elapsed, clients, published.Count);
    Console.WriteLine(cpu.Describe(recorder.Operations));
    var problems = new List<string>();
    for (var k = 0; k < remotes.Length; k++)
    {
        var mine = published.Where(p => remoteOf(int.Parse(p.Key["pkg-".Length..], CultureInfo.InvariantCulture)) == k).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        problems.AddRange(Verify(remotes[k], mine));
    }

    Console.WriteLine(problems.Count == 0
        ? $"verified: {published.Count} packages in Git with their content and revision 1, no other tags"
        : "VERIFY FAILED:\n  " + string.Join("\n  ", problems.Take(20)));
    var watchProblems = new List<string>();
    if (watchers is { Count: > 0 } && repositoryName is not null)
    {
        // Every watcher whose replica survived saw every published package go Draft → Proposed → Published, in order.
        var names = published.Keys.Select(p => $"{repositoryName(remoteOf(int.Parse(p["pkg-".Length..], CultureInfo.InvariantCulture)))}.{p}.v1").ToList();
        var surviving = watchers.Where(w => !w.Ended).ToList();
        foreach (var watcher in surviving)
        {
            watchProblems.AddRange(await watcher.CheckAsync(names, TimeSpan.FromSeconds(30)));
        }

        Console.WriteLine(watchProblems.Count == 0
            ? $"watched: {surviving.Count} surviving watchers (of {watchers.Count}) each saw all {names.Count} published packages go Draft → Proposed → Published in order ({surviving.Sum(w => w.Repeated)} events repeated an earlier event of the same version)"
            : "WATCH FAILED:\n  " + string.Join("\n  ", watchProblems.Take(20)));
    }

    Console.WriteLine();
    return problems.Count == 0 && watchProblems.Count == 0 && recorder.Errors.Count == 0 && published.Count == clients;
}

List<string> Verify(string remote, IReadOnlyDictionary<string, int> published)
{
    var problems = new List<string>();
    var tags = Git(remote, "tag").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    foreach (var (package, revision) in published)
    {
        if (revision != 1 || !tags.Contains($"{package}/v1"))
        {
            problems.Add($"{package}: revision {revision}, tag {package}/v1 {(tags.Contains($"{package}/v1") ? "present" : "missing")}");
            continue;
        }

        var content = Git(remote, "show", $"{package}/v1:{package}/value.yaml");
        if (content != Content(package))
        {
            problems.Add($"{package}: value.yaml differs in Git");
        }
    }

    // Exactly once: a package has its one tag v1 and no other (a duplicated approval would have tagged v2).
    foreach (var tag in tags.Where(t => !published.ContainsKey(t.Split('/')[0]) || !t.EndsWith("/v1", StringComparison.Ordinal)))
    {
        problems.Add($"unexpected tag {tag}");
    }

    return problems;
}

static string Content(string package) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {package}\ndata:\n  owner: {package}\n";

string NewRemote(string name)
{
    var remote = Path.Combine(workDir, name + ".git");
    Git(workDir, "init", "-q", "--bare", "-b", "main", remote);

    // As a Git server that schedules its own maintenance: no `git gc --auto` process after every push.
    Git(remote, "config", "receive.autogc", "false");
    return remote;
}

static string Git(string dir, params string[] args)
{
    var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in args)
    {
        psi.ArgumentList.Add(arg);
    }

    using var process = Process.Start(psi)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
}

int IntArg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

string StringArg(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
