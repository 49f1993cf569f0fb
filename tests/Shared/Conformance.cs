using System.Diagnostics;

namespace Porch.Tests.Shared;

/// <summary>Locates ../shared beside the repository and runs git for tests that read the conformance data.</summary>
internal static class Conformance
{
    public static string SharedRoot
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(TestPaths.RepoRoot(), "..", "shared"));
            if (!Directory.Exists(path))
            {
                throw new InvalidOperationException("The shared folder was not found beside the repository: " + path);
            }

            return path;
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([SharedRoot, "conformance", .. parts]);

    /// <summary>Unpacks a Porch-written repository archive into a new temporary folder and returns the folder.</summary>
    public static string UnpackArchive(string archiveName)
    {
        var dir = Directory.CreateTempSubdirectory("porch-conformance-").FullName;
        Run("tar", dir, "-xf", PathOf("porch-git", archiveName));
        return dir;
    }

    public static string Git(string workDir, params string[] args) => Run("git", workDir, args);

    public static string Run(string fileName, string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = new Process { StartInfo = psi };
        var stderrText = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderrText)
                {
                    stderrText.Append(e.Data).Append('\n');
                }
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start " + fileName);
        }

        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string stderr;
        lock (stderrText)
        {
            stderr = stderrText.ToString();
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {stderr}");
        }

        return stdout;
    }
}
