namespace Porch.Cli.Tests;

/// <summary><c>porchctl completion bash|zsh</c>: the scripts, and the completions they ask porchctl for.</summary>
public sealed class CompletionTests
{
    [Fact]
    public async Task CompletionBash_PrintsAScriptThatCompletesThroughPorchctl()
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, "completion", "bash");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("complete -o default -F _porchctl_complete porchctl", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:${COMP_POINT}]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletionZsh_PrintsACompdefScript()
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, "completion", "zsh");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("#compdef porchctl\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletionOfAnUnknownShell_IsRefused()
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, "completion", "fish");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("fish", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>What the bash script asks for: the words that can follow what is typed.</summary>
    [Theory]
    [InlineData("porchctl rp", "rpkg")]
    [InlineData("porchctl rpkg get --show", "--show-kptfile")]
    [InlineData("porchctl completion ", "bash")]
    public async Task SuggestDirective_CompletesCommandsAndFlags(string line, string expected)
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, $"[suggest:{line.Length}]", line);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Stdout.Split('\n'), StringComparer.Ordinal);
    }

    /// <summary>The bash script, sourced into a real bash, fills COMPREPLY from porchctl.</summary>
    [Fact]
    public async Task BashScript_InRealBash_CompletesRpkgVerbs()
    {
        var script = (await Porchctl.RunAsync(Path.GetTempPath(), null, "completion", "bash")).Stdout;
        var dir = Directory.CreateTempSubdirectory("porchctl-completion-").FullName;
        try
        {
            var shim = Path.Combine(dir, "porchctl");
            await File.WriteAllTextAsync(shim, "#!/bin/sh\nexec dotnet \"" + Porchctl.Dll + "\" \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await File.WriteAllTextAsync(Path.Combine(dir, "completion.bash"), script);
            var probe = "source completion.bash\nCOMP_LINE='porchctl rpkg ap'\nCOMP_POINT=${#COMP_LINE}\nCOMP_WORDS=(porchctl rpkg ap)\nCOMP_CWORD=2\n_porchctl_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
            var psi = new System.Diagnostics.ProcessStartInfo("bash", ["-c", probe]) { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false };
            psi.Environment["PATH"] = dir + ":" + Environment.GetEnvironmentVariable("PATH");
            using var process = System.Diagnostics.Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(["approve"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
