using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary><c>git daemon</c> on 127.0.0.1 and a free port, serving every repository under one folder; stopped by its pid.</summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    private GitDaemon(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string UrlOf(string relativePath) => $"git://127.0.0.1:{Port}/{relativePath}";

    public static async Task<GitDaemon> StartAsync(string baseDirectory)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", "--export-all", "--verbose", "--enable=receive-pack", $"--base-path={baseDirectory}", baseDirectory })
        {
            psi.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to rumble", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("git daemon exited early"));
        process.OutputDataReceived += static (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new GitDaemon(process, port);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    public void Dispose()
    {
        try
        {
            using var byPid = Process.GetProcessById(_process.Id);
            byPid.Kill(entireProcessTree: true);
            byPid.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
