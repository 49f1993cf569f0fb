namespace Porch.Repository.Git.Backend;

/// <summary>
/// A git command failed. The message names the git subcommand and carries its (secret-scrubbed) error output; it never
/// carries the full command line. Translated into a Porch exception at the adapter boundary.
/// </summary>
internal sealed class GitCommandException : Exception
{
    public GitCommandException(string command, int exitCode, string stderr)
        : base($"git {command} failed (exit code {exitCode}): {stderr.Trim()}")
    {
        Command = command;
        ExitCode = exitCode;
        Stderr = stderr;
    }

    public string Command { get; }

    public int ExitCode { get; }

    public string Stderr { get; }

    /// <summary>
    /// Gets a value indicating whether the remote never answered: the command hit its time-out, or git's HTTP stall
    /// limit ended it. Such a failure is not retried at once: a transport that did not answer for the whole time-out
    /// will not answer a moment later, and retrying would multiply the hang (the cache retries later with backoff).
    /// </summary>
    public bool IsTimeout { get; init; }

    /// <summary>Gets a value indicating whether the remote stalled or the command timed out.</summary>
    public bool IsUnanswered => IsTimeout || Stderr.Contains("Operation too slow", StringComparison.Ordinal);

    /// <summary>Gets a value indicating whether the output says the server refused the credentials (or asked for some).</summary>
    public bool IsAuthenticationFailure => GitErrorText.IsAuthenticationFailure(Stderr);
}
