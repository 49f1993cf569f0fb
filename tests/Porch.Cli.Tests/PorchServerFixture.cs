using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Porch.Tests.Shared;

namespace Porch.Cli.Tests;

/// <summary>
/// samples/Server as a process on 127.0.0.1 (HTTPS, free port, an editor token) and a <c>git daemon</c> on 127.0.0.1
/// serving a bare repository, both stopped by their pid.
/// </summary>
public class PorchServerFixture : IAsyncLifetime
{
    public const string Token = "cli-test-token";
    private readonly StringBuilder _output = new();
    private Process? _server;
    private Process? _daemon;

    public string WorkDir { get; } = Directory.CreateTempSubdirectory("porchctl-e2e-").FullName;

    public string Address { get; private set; } = "";

    public string GitUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var repos = Path.Combine(WorkDir, "repos");
        Directory.CreateDirectory(repos);
        Conformance.Git(repos, "init", "-q", "--bare", "-b", "main", "lifecycle.git");
        var port = FreePort();
        // With --verbose, git daemon logs "Ready to rumble" once it listens: wait for that line, not a connect loop.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _daemon = Start(
            "git",
            ["daemon", "--verbose", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", "--export-all", "--enable=receive-pack", $"--base-path={repos}", repos],
            line =>
            {
                if (line.Contains("Ready to rumble", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            });
        GitUrl = $"git://127.0.0.1:{port}/lifecycle.git";
        var daemonExited = _daemon.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, daemonExited, Task.Delay(TimeSpan.FromSeconds(60))) != listening.Task)
        {
            throw new InvalidOperationException($"git daemon did not listen on port {port}: " + Output);
        }

        var dll = new[] { "debug", "release" }
            .Select(c => Path.Combine(TestPaths.RepoRoot(), "artifacts", "bin", "Server", c, "Server.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException("samples/Server is not built");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server = Start("dotnet", [dll, "--urls", "https://127.0.0.1:0", "--cache-dir", Path.Combine(WorkDir, "cache"), $"--Porch:Tokens:{Token}=alice:editor", .. ServerArguments], line =>
        {
            const string marker = "listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                ready.TrySetResult(line[(at + marker.Length)..].Trim());
            }
        });
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task)
        {
            throw new InvalidOperationException("the server did not report its address: " + Output);
        }

        Address = await ready.Task;
    }

    /// <summary>Further arguments of samples/Server (a derived fixture's TLS settings).</summary>
    protected virtual IEnumerable<string> ServerArguments => [];

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

    /// <summary>Runs porchctl against the server in namespace <c>default</c> with the editor token.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public Task<CliResult> RunWithInputAsync(string? stdin, params string[] args) =>
        Porchctl.RunAsync(WorkDir, stdin, [.. args, "--server", Address, "--token", Token, "--insecure-skip-tls-verify", "--namespace", "default"]);

    public Task DisposeAsync()
    {
        foreach (var process in new[] { _server, _daemon })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process?.Dispose();
        }

        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A git process may still hold a file for a moment; the temp folder is left to the OS.
        }

        return Task.CompletedTask;
    }

    private Process Start(string file, string[] args, Action<string>? onLine = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException(file + " did not start");
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

            onLine?.Invoke(e.Data);
        };
        process.OutputDataReceived += handler;
        process.ErrorDataReceived += handler;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
