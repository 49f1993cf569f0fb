using System.Diagnostics;

namespace Porch.LoadTest;

/// <summary>samples/Server started as a process on a free loopback port.</summary>
internal sealed class SampleServer : IDisposable
{
    public const string Token = "load-test-token";
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleServer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            const string marker = "listening on ";
            if (e.Data is { } line && line.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0)
            {
                _address.TrySetResult(line[(at + marker.Length)..].Trim());
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private bool _disposed;

    /// <summary>Gets the server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Gets whether the process has ended (killed by <c>--kill-one-after</c>).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return Volatile.Read(ref _disposed) || _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true; // disposed meanwhile
            }
        }
    }

    public static SampleServer Start(string cacheDirectory, string? postgres = null, bool tieredCompilation = false)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "Server");
        var candidates = new[] { "debug", "release" }.Select(c => Path.GetFullPath(Path.Combine(dll, c, "Server.dll"))).Where(File.Exists).ToArray();
        var path = candidates.OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() ?? throw new InvalidOperationException("samples/Server is not built");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { path, "--urls", "https://127.0.0.1:0", "--cache-dir", cacheDirectory, $"--Porch:Tokens:{Token}=load:editor" })
        {
            psi.ArgumentList.Add(arg);
        }

        if (!tieredCompilation && Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is null)
        {
            // A server under sustained load compiles each method once, fully optimized, instead of compiling its hot
            // methods three times (quick, instrumented, optimized) in a background thread that competes with requests.
            psi.Environment["DOTNET_TieredCompilation"] = "0";
        }

        if (postgres is not null)
        {
            // The connection string goes through the environment, not the command line.
            psi.Environment["Porch__Postgres"] = postgres;
        }

        return new SampleServer(Process.Start(psi) ?? throw new InvalidOperationException("samples/Server did not start"));
    }

    /// <summary>Whether the process ends within <paramref name="patience"/> (a killed replica's connections fail a moment before it is reaped).</summary>
    public async Task<bool> ExitedWithinAsync(TimeSpan patience)
    {
        using var cts = new CancellationTokenSource(patience);
        try
        {
            if (!HasExited)
            {
                await _process.WaitForExitAsync(cts.Token);
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return true; // disposed meanwhile: it was killed
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public Task<string> AddressAsync(CancellationToken cancellationToken) => _address.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

    /// <summary>
    /// Kills the server process alone, as a replica dies mid-run: a git process it started finishes on its own. (The
    /// test's repositories are local paths, so such a process is the remote's side of a push; killing it with the
    /// server would leave the remote locked, which a replica's death cannot do to a real Git server.)
    /// </summary>
    public void Kill()
    {
        lock (_process)
        {
            if (!_disposed && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                _process.WaitForExit(10_000);
            }
        }
    }

    /// <summary>Kills the process and what it started (once); later calls do nothing.</summary>
    public void Dispose()
    {
        lock (_process)
        {
            if (_disposed)
            {
                return;
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _disposed = true;
        }

        _process.Dispose();
    }
}
