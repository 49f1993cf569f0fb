using System.Diagnostics;
using Porch.Tests.Shared;

namespace Porch.Cli.Tests;

/// <summary>Runs the built porchctl (artifacts/bin/Porch.Cli/&lt;config&gt;/porchctl.dll) as a process.</summary>
internal static class Porchctl
{
    public static string Dll => new[] { "debug", "release" }
        .Select(c => Path.Combine(TestPaths.RepoRoot(), "artifacts", "bin", "Porch.Cli", c, "porchctl.dll"))
        .Where(File.Exists)
        .OrderByDescending(File.GetLastWriteTimeUtc)
        .FirstOrDefault() ?? throw new InvalidOperationException("src/Porch.Cli is not built");

    public static Task<CliResult> RunAsync(string workDir, string? stdin, params string[] args) => RunAsync(workDir, stdin, null, args);

    /// <summary>Runs porchctl with <paramref name="environment"/> set over the defaults (KUBECONFIG points nowhere).</summary>
    public static async Task<CliResult> RunAsync(string workDir, string? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["KUBECONFIG"] = "/dev/null/none";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("porchctl did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
