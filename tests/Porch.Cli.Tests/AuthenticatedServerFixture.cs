using System.Diagnostics;
using System.Text;
using Porch.Repository.Git.Tests.Infrastructure;
using Porch.Tests.Shared;

namespace Porch.Cli.Tests;

/// <summary>
/// samples/Server as a process (debug logging on, so the secret checks read every log line) and a smart-HTTP Git server
/// that demands basic credentials or a bearer token, serving bare repositories under <see cref="ProjectRoot"/>. kubectl
/// and porchctl run against the server as processes; everything is stopped by its own handle.
/// </summary>
public sealed class AuthenticatedServerFixture : IAsyncLifetime
{
    public const string Token = "auth-test-token";
    public const string GitUser = "git-user";
    public const string GitPassword = "pw-7f3a9c1e-never-shown";
    public const string GitBearerToken = "tok-4b8d2e6f-never-shown";
    private readonly StringBuilder _output = new();
    private Process? _server;

    public string WorkDir { get; } = Directory.CreateTempSubdirectory("porch-auth-e2e-").FullName;

    public string ProjectRoot => Path.Combine(WorkDir, "repos");

    public string CacheDir => Path.Combine(WorkDir, "cache");

    public string Address { get; private set; } = "";

    internal GitHttpServer Git { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A new empty bare repository served over authenticated smart HTTP; returns its URL.</summary>
    public string NewRepository(string name)
    {
        Conformance.Git(ProjectRoot, "init", "-q", "--bare", "-b", "main", name + ".git");
        return $"{Git.BaseUrl}/{name}.git";
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ProjectRoot);
        Git = await GitHttpServer.StartAsync(ProjectRoot, GitUser, GitPassword, GitBearerToken);
        var dll = new[] { "debug", "release" }
            .Select(c => Path.Combine(TestPaths.RepoRoot(), "artifacts", "bin", "Server", c, "Server.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException("samples/Server is not built");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--urls", "https://127.0.0.1:0", "--cache-dir", CacheDir, $"--Porch:Tokens:{Token}=alice:editor", "--Logging:LogLevel:Default=Debug" })
        {
            psi.ArgumentList.Add(arg);
        }

        _server = Process.Start(psi) ?? throw new InvalidOperationException("the server did not start");
        DataReceivedEventHandler handler = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            const string marker = "listening on ";
            var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                ready.TrySetResult(e.Data[(at + marker.Length)..].Trim());
            }
        };
        _server.OutputDataReceived += handler;
        _server.ErrorDataReceived += handler;
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(90))) != ready.Task)
        {
            throw new InvalidOperationException("the server did not report its address: " + Output);
        }

        Address = await ready.Task;
    }

    /// <summary>porchctl against the server in namespace <paramref name="ns"/>.</summary>
    public Task<CliResult> PorchctlAsync(string ns, params string[] args) =>
        Porchctl.RunAsync(WorkDir, null, [.. args, "--server", Address, "--token", Token, "--insecure-skip-tls-verify", "--namespace", ns]);

    /// <summary>kubectl against the server (no kubeconfig, a private cache dir).</summary>
    public async Task<CliResult> KubectlAsync(string? stdin, params string[] args)
    {
        var psi = Kubectl(args);
        psi.RedirectStandardInput = true;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A kubectl that runs until killed (a watch); each line of its output goes to <paramref name="onLine"/>.</summary>
    public Process StartKubectl(Action<string> onLine, params string[] args)
    {
        var process = Process.Start(Kubectl(args)) ?? throw new InvalidOperationException("kubectl did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { onLine(line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { onLine(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        if (Git is not null)
        {
            await Git.DisposeAsync();
        }

        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A git process may still hold a file for a moment; the temp folder is left to the OS.
        }
    }

    private ProcessStartInfo Kubectl(string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["KUBECONFIG"] = "/dev/null";
        foreach (var arg in new[] { "--server=" + Address, "--insecure-skip-tls-verify", "--cache-dir=" + Path.Combine(WorkDir, "kubectl-cache"), "--token=" + Token }.Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }

        return psi;
    }
}
