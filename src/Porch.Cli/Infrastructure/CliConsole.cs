namespace Porch.Cli.Infrastructure;

/// <summary>The process's standard streams and whether they are terminals (progress is drawn only on a terminal).</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, TextReader input, bool errorIsTerminal)
    {
        Out = output;
        Error = error;
        In = input;
        ErrorIsTerminal = errorIsTerminal;
    }

    /// <summary>Gets standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Gets standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Gets standard input.</summary>
    public TextReader In { get; }

    /// <summary>Gets a value indicating whether standard error is a terminal rather than a file or pipe.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>The console of this process.</summary>
    public static CliConsole FromSystem()
    {
        var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        var error = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        return new CliConsole(output, error, Console.In, !Console.IsErrorRedirected);
    }
}
