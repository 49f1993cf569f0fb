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

    /// <summary>Gets a value indicating whether the output says the server refused the credentials (or asked for some).</summary>
    public bool IsAuthenticationFailure => GitErrorText.IsAuthenticationFailure(Stderr);
}
