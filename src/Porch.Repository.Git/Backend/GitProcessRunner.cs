using System.Diagnostics;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// Starts git processes with a controlled environment: no prompts, no system config, English messages, and HTTP
/// credentials only through <c>GIT_CONFIG_*</c> environment variables.
/// </summary>
internal sealed class GitProcessRunner(string gitExecutable, TimeSpan commandTimeout, Microsoft.Extensions.Logging.ILogger? logger = null)
{
    public string GitExecutable { get; } = gitExecutable;

    public ProcessStartInfo CreateStartInfo(string? workDir, IEnumerable<string> args, GitAuth auth, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var psi = new ProcessStartInfo(GitExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (workDir is not null)
        {
            psi.WorkingDirectory = workDir;
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        // Arguments never carry credentials (they travel as GIT_CONFIG_* environment), so the command line is safe to log.
        if (logger is not null)
        {
            Diagnostics.Log.GitCommand(logger, string.Join(' ', psi.ArgumentList.Select(GitUrl.Redact)), workDir ?? "");
        }

        var env = psi.Environment;
        env["GIT_TERMINAL_PROMPT"] = "0";
        env["GIT_CONFIG_NOSYSTEM"] = "1";
        env["LC_ALL"] = "C";
        env["LANGUAGE"] = "C";
        env.Remove("GIT_ASKPASS");
        env.Remove("SSH_ASKPASS");
        env.Remove("GIT_DIR");
        env.Remove("GIT_OBJECT_DIRECTORY");
        env.Remove("GIT_ALTERNATE_OBJECT_DIRECTORIES");

        // credential.helper is reset so no helper on the machine answers for us; the header carries the credentials.
        var config = new List<(string Key, string Value)> { ("credential.helper", "") };
        if (auth.AuthorizationHeader is { } header)
        {
            config.Add(("http.extraHeader", header));
        }

        env["GIT_CONFIG_COUNT"] = config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < config.Count; i++)
        {
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["GIT_CONFIG_KEY_" + n] = config[i].Key;
            env["GIT_CONFIG_VALUE_" + n] = config[i].Value;
        }

        if (extraEnvironment is not null)
        {
            foreach (var (key, value) in extraEnvironment)
            {
                env[key] = value;
            }
        }

        return psi;
    }

    /// <summary>Runs git to completion and returns its exit code and output; never throws for a non-zero exit code.</summary>
    public async Task<GitResult> RunAsync(
        string? workDir,
        IReadOnlyList<string> args,
        GitAuth auth,
        ReadOnlyMemory<byte> stdin = default,
        IReadOnlyDictionary<string, string>? extraEnvironment = null,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(commandTimeout);
        using var process = new Process { StartInfo = CreateStartInfo(workDir, args, auth, extraEnvironment) };
        if (!process.Start())
        {
            throw new GitCommandException(args[0], -1, "could not start " + GitExecutable);
        }

        try
        {
            var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream, timeout.Token);
            var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
            if (!stdin.IsEmpty)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, timeout.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            var stdout = await stdoutTask.ConfigureAwait(false);
            var stderr = await stderrTask.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new GitResult(process.ExitCode, stdout, auth.Scrub(stderr));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (!cancellationToken.IsCancellationRequested)
            {
                throw new GitCommandException(args[0], -1, $"timed out after {commandTimeout.TotalSeconds:0.#} s");
            }

            throw;
        }
        catch (IOException ex)
        {
            Kill(process);
            throw new GitCommandException(args[0], -1, auth.Scrub(ex.Message));
        }
    }

    /// <summary>Runs git and throws <see cref="GitCommandException"/> on a non-zero exit code.</summary>
    public async Task<byte[]> RunCheckedAsync(
        string? workDir,
        IReadOnlyList<string> args,
        GitAuth auth,
        ReadOnlyMemory<byte> stdin = default,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(workDir, args, auth, stdin, null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new GitCommandException(args[0], result.ExitCode, result.Stderr);
        }

        return result.Stdout;
    }

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
