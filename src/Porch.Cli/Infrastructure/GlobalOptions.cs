using System.CommandLine;

namespace Porch.Cli.Infrastructure;

/// <summary>Options every command accepts (kubectl's connection flags, and kubectl's <c>-v=N</c> log level).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Server { get; } = LastWins(new("--server", "-s") { Description = "The address of the Porch API server (https://host:port)" });

    public Option<string?> Kubeconfig { get; } = LastWins(new("--kubeconfig") { Description = "Path to the kubeconfig file to read the server, token and namespace from" });

    public Option<string?> Context { get; } = LastWins(new("--context") { Description = "The kubeconfig context to use" });

    public Option<string?> Namespace { get; } = LastWins(new("--namespace", "-n") { Description = "The namespace (default: the kubeconfig context's, else \"default\")" });

    public Option<string?> Token { get; } = LastWins(new("--token") { Description = "Bearer token for authentication to the API server" });

    public Option<bool> InsecureSkipTlsVerify { get; } = new("--insecure-skip-tls-verify") { Description = "Do not check the server's certificate", Recursive = true };

    /// <summary>kubectl's <c>-v, --v</c> log level (6 logs each request); a bare <c>-v</c> is <see cref="Klog.StackTraceLevel"/>.</summary>
    public Option<int> Verbose { get; } = new("--v", "-v", "--verbose")
    {
        Description = "number for the log level verbosity (6: each request; a bare -v also prints a failure's stack trace)",
        Recursive = true,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return Klog.StackTraceLevel;
            }

            if (int.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var level) && level >= 0)
            {
                return level;
            }

            result.AddError($"invalid argument \"{result.Tokens[0].Value}\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"{result.Tokens[0].Value}\": invalid syntax");
            return 0;
        },
    };

    /// <summary>
    /// A connection flag as cobra (pflag) takes it: given more than once, the last value wins, where System.CommandLine
    /// would refuse the repetition. One value per occurrence, so <c>-n a b</c> still leaves <c>b</c> to the command.
    /// </summary>
    private static Option<string?> LastWins(Option<string?> option)
    {
        option.Recursive = true;
        option.Arity = ArgumentArity.OneOrMore;
        option.AllowMultipleArgumentsPerToken = false;
        option.CustomParser = result => result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
        return option;
    }

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Kubeconfig);
        root.Options.Add(Context);
        root.Options.Add(Namespace);
        root.Options.Add(Token);
        root.Options.Add(InsecureSkipTlsVerify);
        root.Options.Add(Verbose);
    }
}
