using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Porch.Tests.Shared;

namespace Porch.Security.Tests;

/// <summary>
/// samples/Server as a process on 127.0.0.1 (HTTPS, a free port) with an editor and a viewer token, a cache folder of
/// its own, and optional extra arguments and environment (a heap limit, say). The suite talks to it as an attacker
/// would: plain HTTP requests with a token.
/// </summary>
public sealed class SampleServer : IAsyncDisposable
{
    public const string EditorToken = "security-editor-token";
    public const string ViewerToken = "security-viewer-token";
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsWorkDir;
    private Process? _process;

    private SampleServer(string workDir, bool ownsWorkDir)
    {
        WorkDir = workDir;
        _ownsWorkDir = ownsWorkDir;
    }

    /// <summary>Gets the folder of this server: its cache under <c>cache/</c>, Git remotes beside it.</summary>
    public string WorkDir { get; }

    public string CacheDir => Path.Combine(WorkDir, "cache");

    public string Address { get; private set; } = "";

    public int ProcessId => _process?.Id ?? -1;

    public bool HasExited => _process?.HasExited ?? true;

    public int ExitCode => _process!.ExitCode;

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

    /// <summary>The default arguments: HTTPS on a free port, the cache folder, an editor and a viewer token.</summary>
    public static IReadOnlyList<string> DefaultArguments(string workDir) =>
    [
        "--urls", "https://127.0.0.1:0", "--cache-dir", Path.Combine(workDir, "cache"),
        $"--Porch:Tokens:{EditorToken}=mallory:editor", $"--Porch:Tokens:{ViewerToken}=eve:viewer",
    ];

    /// <summary>Starts a server in a new folder and waits until it listens.</summary>
    public static Task<SampleServer> StartAsync(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? extraArguments = null) =>
        StartInAsync(Directory.CreateTempSubdirectory("porch-security-").FullName, ownsWorkDir: true, environment, extraArguments);

    /// <summary>Starts a second server on the same folder (a restart), after this one has stopped.</summary>
    public Task<SampleServer> RestartAsync(IReadOnlyDictionary<string, string>? environment = null) =>
        StartInAsync(WorkDir, ownsWorkDir: false, environment, null);

    /// <summary>Starts the server with exactly <paramref name="arguments"/> and waits for it to exit (for start-up refusals).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = new SampleServer(Directory.CreateTempSubdirectory("porch-security-").FullName, ownsWorkDir: true);
        await using (server.ConfigureAwait(false))
        {
            server.Launch(arguments, environment);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var exited = server._process!.WaitForExitAsync(timeout.Token);
            await Task.WhenAny(exited, server._ready.Task).ConfigureAwait(false);
            if (server._ready.Task.IsCompleted)
            {
                return (-1, "the server started: " + server.Output);
            }

            await exited.ConfigureAwait(false);
            server._process.WaitForExit();
            return (server._process.ExitCode, server.Output);
        }
    }

    private static async Task<SampleServer> StartInAsync(string workDir, bool ownsWorkDir, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? extraArguments)
    {
        var server = new SampleServer(workDir, ownsWorkDir);
        server.Launch([.. DefaultArguments(workDir), .. extraArguments ?? []], environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exited = server._process!.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(server._ready.Task, exited).ConfigureAwait(false);
        if (first != server._ready.Task)
        {
            var output = server.Output;
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("the server did not report its address: " + output);
        }

        server.Address = await server._ready.Task.ConfigureAwait(false);
        return server;
    }

    private void Launch(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var dll = new[] { "debug", "release" }
            .Select(c => Path.Combine(TestPaths.RepoRoot(), "artifacts", "bin", "Server", c, "Server.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException("samples/Server is not built");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("the server did not start");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string marker = "listening on ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _ready.TrySetResult(line[(at + marker.Length)..].Trim());
        }
    }

    /// <summary>An HTTP client for the server with <paramref name="token"/> (or none).</summary>
    public HttpClient Client(string? token = EditorToken, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Address), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The server still answers: an authenticated discovery request and the health endpoint both succeed.</summary>
    public async Task AssertAliveAsync()
    {
        Assert.False(HasExited, "the server exited: " + Output);
        using var client = Client(timeout: TimeSpan.FromSeconds(30));
        using var version = await client.GetAsync(new Uri("/apis/porch.kpt.dev/v1alpha1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        using var list = await client.GetAsync(new Uri(PorchApi.Revisions("default"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.False(HasExited, "the server exited: " + Output);
    }

    /// <summary>Sends SIGTERM and waits for the process to end.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process!.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_ownsWorkDir)
        {
            try
            {
                Directory.Delete(WorkDir, recursive: true);
            }
            catch (IOException)
            {
                // A git process may still hold a file for a moment; the temp folder is left to the OS.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }
        }
    }
}
