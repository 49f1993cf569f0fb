using System.Diagnostics;
using System.Text;
using Porch.Tests.Shared;

namespace Porch.AspNetCore.Tests;

/// <summary>Runs samples/Server as a process on 127.0.0.1 (HTTPS, a free port) with an editor and a viewer token, and a bare Git repository.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string EditorToken = "test-editor-token";
    public const string ViewerToken = "test-viewer-token";
    private Process? _server;
    private readonly StringBuilder _serverOutput = new();
    private readonly bool _ownsWorkDir;
    private readonly bool _registerBlueprints;
    private readonly string[] _extraArgs;

    public ServerFixture()
        : this(null, registerBlueprints: true)
    {
    }

    /// <summary>A server over <paramref name="workDir"/> (kept on dispose when given), with extra command-line settings.</summary>
    internal ServerFixture(string? workDir, bool registerBlueprints, params string[] extraArgs)
    {
        _ownsWorkDir = workDir is null;
        WorkDir = workDir ?? Directory.CreateTempSubdirectory("porch-aspnetcore-").FullName;
        _registerBlueprints = registerBlueprints;
        _extraArgs = extraArgs;
    }

    public string Address { get; private set; } = "";

    public string WorkDir { get; }

    public string Remote => Path.Combine(WorkDir, "blueprints.git");

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(Remote))
        {
            Conformance.Git(WorkDir, "init", "-q", "--bare", "-b", "main", Remote);
        }

        var dll = ServerDll();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            dll, "--urls", "https://127.0.0.1:0", "--cache-dir", Path.Combine(WorkDir, "cache"),
            $"--Porch:Tokens:{EditorToken}=alice:editor", $"--Porch:Tokens:{ViewerToken}=bob:viewer",
        }.Concat(_extraArgs))
        {
            psi.ArgumentList.Add(arg);
        }

        _server = Process.Start(psi) ?? throw new InvalidOperationException("the server did not start");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_serverOutput)
            {
                _serverOutput.AppendLine(e.Data);
            }

            const string marker = "listening on ";
            var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                ready.TrySetResult(e.Data[(at + marker.Length)..].Trim());
            }
        };
        _server.ErrorDataReceived += (_, e) =>
        {
            lock (_serverOutput)
            {
                _serverOutput.AppendLine(e.Data);
            }
        };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60), CancellationToken.None));
        if (finished != ready.Task)
        {
            throw new InvalidOperationException("the server did not report its address: " + ServerOutput);
        }

        Address = await ready.Task;
        if (!_registerBlueprints)
        {
            return;
        }

        var repository = $"""
            apiVersion: config.porch.kpt.dev/v1alpha1
            kind: Repository
            metadata:
              name: blueprints
              namespace: default
            spec:
              type: git
              git:
                repo: {Remote}
                branch: main
                createBranch: true
            """;
        var result = await KubectlInputAsync(repository, "apply", "-f", "-");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("registering the repository failed: " + result.Stderr);
        }
    }

    /// <summary>The built samples/Server (the newest of Debug and Release).</summary>
    public static string ServerDll() => new[] { "debug", "release" }
        .Select(c => Path.Combine(TestPaths.RepoRoot(), "artifacts", "bin", "Server", c, "Server.dll"))
        .Where(File.Exists)
        .OrderByDescending(File.GetLastWriteTimeUtc)
        .FirstOrDefault() ?? throw new InvalidOperationException("samples/Server is not built");

    public string ServerOutput
    {
        get
        {
            lock (_serverOutput)
            {
                return _serverOutput.ToString();
            }
        }
    }

    /// <summary>An HTTP client for the server (its throw-away certificate trusted) with <paramref name="token"/>, or none.</summary>
    public HttpClient Client(string? token)
    {
#pragma warning disable CA5400, CA2000 // A test client for a throw-away self-signed certificate on loopback; the client owns the handler.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(Address) };
#pragma warning restore CA5400, CA2000
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Runs kubectl against the server (no kubeconfig, a private cache dir).</summary>
    public Task<KubectlResult> KubectlAsync(params string[] args) => KubectlWithTokenAsync(EditorToken, null, args);

    /// <summary>Runs kubectl with <paramref name="stdin"/> as its standard input.</summary>
    public Task<KubectlResult> KubectlInputAsync(string? stdin, params string[] args) => KubectlWithTokenAsync(EditorToken, stdin, args);

    public async Task<KubectlResult> KubectlWithTokenAsync(string? token, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.Environment["KUBECONFIG"] = "/dev/null";
        psi.ArgumentList.Add("--server=" + Address);
        psi.ArgumentList.Add("--insecure-skip-tls-verify");
        psi.ArgumentList.Add("--cache-dir=" + Path.Combine(WorkDir, "kubectl-cache"));
        psi.ArgumentList.Add("--namespace=default");
        if (token is not null)
        {
            psi.ArgumentList.Add("--token=" + token);
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (a watch); the caller kills it.</summary>
    public Process StartKubectl(StringBuilder output, params string[] args) => StartKubectl(output, _ => { }, args);

    /// <summary>Starts a long-running kubectl (a watch), handing each line of its stdout and stderr to <paramref name="onLine"/> as it arrives; the caller kills it.</summary>
    public Process StartKubectl(StringBuilder output, Action<string> onLine, params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["KUBECONFIG"] = "/dev/null";
        foreach (var arg in new[] { "--server=" + Address, "--insecure-skip-tls-verify", "--cache-dir=" + Path.Combine(WorkDir, "kubectl-cache"), "--namespace=default", "--token=" + EditorToken }.Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
        void Received(object sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data is { } line)
            {
                onLine(line);
            }
        }

        process.OutputDataReceived += Received;
        process.ErrorDataReceived += Received;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        if (!_ownsWorkDir)
        {
            return Task.CompletedTask;
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
}

public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr);

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
