namespace Porch.Cli.Infrastructure;

/// <summary>
/// A failure the tool reports as it is: <see cref="Exception.Message"/> is printed on stderr as the complete text
/// (already in porchctl's form) and the process exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = 1, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>Gets the process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>porchctl's form of a command error: <c>Error: &lt;message&gt; </c> (cobra's prefix, and the trailing space porchctl prints).</summary>
    public static CliException Error(string message, Exception? inner = null) => new($"Error: {message} ", 1, inner);
}
