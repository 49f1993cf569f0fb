using System.Diagnostics;

namespace Porch.Functions.Grpc.Tests.Infrastructure;

/// <summary>Runs the interop scripts with Debian's python3 (where python3-grpcio is installed), never a python found on PATH.</summary>
internal static class PythonProcess
{
    public const string Python = "/usr/bin/python3";

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Interop", name);

    public static ProcessStartInfo StartInfo(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script(script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Debian's grpcio must not pick up a proxy from the environment for loopback calls.
        info.Environment["no_grpc_proxy"] = "127.0.0.1";
        info.Environment.Remove("http_proxy");
        info.Environment.Remove("https_proxy");
        info.Environment.Remove("HTTP_PROXY");
        info.Environment.Remove("HTTPS_PROXY");
        return info;
    }
}

/// <summary>The python function runner (evaluator_server.py), started once per test class and killed by its pid.</summary>
public sealed class PythonServerFixture : IAsyncLifetime
{
    private Process? _process;

    public Uri Address { get; private set; } = new("http://127.0.0.1:1");

    public async Task InitializeAsync()
    {
        _process = Process.Start(PythonProcess.StartInfo("evaluator_server.py")) ?? throw new InvalidOperationException("python3 did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            var stderr = await _process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"the python function runner did not start (is python3-grpcio installed?): {line} {stderr}");
        }

        Address = new Uri("http://127.0.0.1:" + line["PORT ".Length..]);
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
