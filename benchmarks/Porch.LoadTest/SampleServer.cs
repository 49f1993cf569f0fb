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

    public static SampleServer Start(string cacheDirectory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "Server");
        var candidates = new[] { "debug", "release" }.Select(c => Path.GetFullPath(Path.Combine(dll, c, "Server.dll"))).Where(File.Exists).ToArray();
        var path = candidates.OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() ?? throw new InvalidOperationException("samples/Server is not built");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { path, "--urls", "https://127.0.0.1:0", "--cache-dir", cacheDirectory, $"--Porch:Tokens:{Token}=load:editor" })
        {
            psi.ArgumentList.Add(arg);
        }

        return new SampleServer(Process.Start(psi) ?? throw new InvalidOperationException("samples/Server did not start"));
    }

    public Task<string> AddressAsync(CancellationToken cancellationToken) => _address.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
