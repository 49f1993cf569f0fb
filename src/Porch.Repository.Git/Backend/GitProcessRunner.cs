using System.Diagnostics;
using System.Globalization;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// Starts git processes with a controlled environment: no prompts, no system config, English messages, HTTP
/// credentials only through <c>GIT_CONFIG_*</c> environment variables (SSH keys and CA bundles as files of a private
/// folder, <see cref="GitAuthFiles"/>, deleted when the process has ended), only the allowed transports
/// (<c>protocol.allow=never</c> plus <c>protocol.&lt;name&gt;.allow=always</c> for <see cref="GitAddressRules.AllowedProtocols"/>),
/// and transports that stall give up after <see cref="GitRepositoryOptions.ConnectTimeout"/>.
/// </summary>
internal sealed class GitProcessRunner
{
    private readonly Microsoft.Extensions.Logging.ILogger? _logger;
    private readonly int _stallSeconds;

    public GitProcessRunner(GitRepositoryOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        GitExecutable = options.GitExecutable;
        CommandTimeout = options.CommandTimeout;
        ListRemoteTimeout = options.ListRemoteTimeout < options.CommandTimeout ? options.ListRemoteTimeout : options.CommandTimeout;
        _stallSeconds = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        _logger = logger;
    }

    public string GitExecutable { get; }

    /// <summary>Gets the longest time a command runs unless it is given its own timeout.</summary>
    public TimeSpan CommandTimeout { get; }

    /// <summary>Gets the longest time a reference listing (<c>ls-remote</c>) runs.</summary>
    public TimeSpan ListRemoteTimeout { get; }

    /// <summary>Gets ssh's connect time-out in whole seconds.</summary>
    public int ConnectTimeoutSeconds => _stallSeconds;

    public ProcessStartInfo CreateStartInfo(string? workDir, IEnumerable<string> args, GitAuth auth, IReadOnlyDictionary<string, string>? extraEnvironment = null, GitAuthFiles? authFiles = null)
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
        if (_logger is not null)
        {
            Diagnostics.Log.GitCommand(_logger, string.Join(' ', psi.ArgumentList.Select(GitAddressRules.Redact)), workDir ?? "");
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
        env.Remove("GIT_ALLOW_PROTOCOL");

        // Protocols given by a user are never trusted more than the allow-list below.
        env["GIT_PROTOCOL_FROM_USER"] = "0";

        // A transport that stops sending data fails fast: HTTP(S) below 1 byte/s for the stall time, ssh's connect timeout.
        var stall = _stallSeconds.ToString(CultureInfo.InvariantCulture);
        env["GIT_HTTP_LOW_SPEED_LIMIT"] = "1";
        env["GIT_HTTP_LOW_SPEED_TIME"] = stall;
        if (string.IsNullOrEmpty(env.TryGetValue("GIT_SSH_COMMAND", out var ssh) ? ssh : null) &&
            string.IsNullOrEmpty(env.TryGetValue("GIT_SSH", out var sshProgram) ? sshProgram : null))
        {
            // Only when the operator set no ssh command of their own.
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=" + stall;
        }

        // credential.helper is reset so no helper on the machine answers for us; the header carries the credentials.
        var config = new List<(string Key, string Value)> { ("credential.helper", ""), ("protocol.allow", "never") };
        foreach (var protocol in GitAddressRules.AllowedProtocols)
        {
            config.Add(("protocol." + protocol + ".allow", "always"));
        }

        if (auth.AuthorizationHeader is { } header)
        {
            config.Add(("http.extraHeader", header));
        }

        if (authFiles is not null)
        {
            // The CA bundle's path (a file of ours), and the ssh command that names our key file.
            config.AddRange(authFiles.Config);
            foreach (var (key, value) in authFiles.Environment)
            {
                env[key] = value;
            }
        }

        env["GIT_CONFIG_COUNT"] = config.Count.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < config.Count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
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
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? CommandTimeout;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(limit);
        using var authFiles = GitAuthFiles.Create(auth, _stallSeconds);
        using var process = new Process { StartInfo = CreateStartInfo(workDir, args, auth, extraEnvironment, authFiles) };
        try
        {
            if (!process.Start())
            {
                throw new GitCommandException(CommandName(args), -1, "could not start " + GitExecutable);
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            // The runtime's text names the working directory (a cache folder); the reason alone says what is wrong.
            throw new GitCommandException(CommandName(args), -1, $"could not start {GitExecutable} (GitRepositoryOptions.GitExecutable): {new System.ComponentModel.Win32Exception(ex.NativeErrorCode).Message}");
        }

        try
        {
            var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream, timer.Token);
            var stderrTask = process.StandardError.ReadToEndAsync(timer.Token);
            if (!stdin.IsEmpty)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, timer.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            var stdout = await stdoutTask.ConfigureAwait(false);
            var stderr = await stderrTask.ConfigureAwait(false);
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            return new GitResult(process.ExitCode, stdout, auth.Scrub(stderr));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (!cancellationToken.IsCancellationRequested)
            {
                throw new GitCommandException(CommandName(args), -1, $"timed out after {limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s") { IsTimeout = true };
            }

            throw;
        }
        catch (IOException ex)
        {
            Kill(process);
            throw new GitCommandException(CommandName(args), -1, auth.Scrub(ex.Message));
        }
    }

    /// <summary>Runs git and throws <see cref="GitCommandException"/> on a non-zero exit code.</summary>
    public async Task<byte[]> RunCheckedAsync(
        string? workDir,
        IReadOnlyList<string> args,
        GitAuth auth,
        ReadOnlyMemory<byte> stdin = default,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(workDir, args, auth, stdin, null, timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new GitCommandException(CommandName(args), result.ExitCode, result.Stderr);
        }

        return result.Stdout;
    }

    /// <summary>The subcommand of an argument list (the first argument that is not a <c>-c key=value</c> pair).</summary>
    public static string CommandName(IReadOnlyList<string> args)
    {
        var i = 0;
        while (i + 1 < args.Count && args[i] == "-c")
        {
            i += 2;
        }

        return i < args.Count ? args[i] : "";
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
